/**
 * Athena for flow logs delivered to S3 (pure: no `vscode`, no SDK): the table statement with partition
 * projection, the query catalogue as Athena SQL bounded to a time range, what a scan costs, results in
 * the Logs Insights results view's shape, and where the delivery's files are in S3.
 *
 * ```ts
 * const layout = deliveryLayout(flowLog.LogDestination, accountId, region, flowLog.DestinationOptions);
 * const ddl = athenaFlowLogsTableDdl({ tableName: 'vpc_flow_logs', location: layout.location, fields,
 *   fileFormat: layout.fileFormat, hiveCompatiblePartitions: layout.hiveCompatiblePartitions, perHourPartition: layout.perHourPartition });
 * const sql = athenaQuery('aws.topBytes', { table: 'vpc_flow_logs', from, to, fields, ...layout });
 * formatScanCost(execution.Statistics.DataScannedInBytes);   // "1.2 GiB scanned, about $0.006"
 * const table = athenaResultTable(pages);                      // columns + rows for the results view
 * ```
 */
export { athenaColumnName, athenaColumnType, athenaColumns, ddlColumn, flowLogFieldOfColumn, sqlColumn, type AthenaColumnType } from './columns';
export {
  athenaFlowLogsTableDdl, checkTableFields, ddlTableName, parseTableLocation, partitionColumns, sqlTableName,
  type FlowLogsTableOptions, type PartitionLayout, type TableLocation,
} from './ddl';
export { DEFAULT_DELIVERY_LAG_SECONDS, partitionPredicate } from './partitions';
export { athenaCatalog, athenaCoverage, athenaQuery, athenaSupport, type AthenaQueryOptions } from './queries';
export { athenaCostEstimate, formatDollars, formatScanCost, formatScannedBytes, type CostEstimate, type CostOptions } from './cost';
export { athenaProgressMessage, runAthenaQuery, type AthenaOutcome, type AthenaProgress, type AthenaQueryClient, type AthenaRunInput, type RunAthenaOptions } from './run';
export { athenaResultColumns, athenaResultTable, resultColumnName, type AthenaResultPage, type AthenaTableOptions } from './results';
export {
  dateFoldersNewestFirst, dayPrefix, deliveryLayout, formatUtcDay, hourPrefix, parseDateFolder, parseDeliveryKey,
  parseS3DestinationArn, prefixesForRange, utcDayOf, utcHourOf, utcSeconds,
  type DateFolder, type DeliveryKey, type DeliveryLayout, type S3Destination, type S3DestinationOptions, type UtcDay, type UtcHour,
} from './s3Layout';
