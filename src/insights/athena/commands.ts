/**
 * The Athena commands: "Create Athena Table…" for a flow log delivered to S3 (the generated statement
 * shown, then created after a modal), "Run Athena Query…" (the catalogue as SQL over the chosen days),
 * and running an Athena query file.
 */
import * as vscode from 'vscode';
import { athenaCatalog, athenaFlowLogsTableDdl, athenaQuery, deliveryLayout, type DeliveryLayout } from '../../athena';
import { runAthenaQuery } from '../../athena/run';
import { athenaSqlBody, parseAthenaHeader } from '../../athena/sqlFile';
import type { FlowLogInfo } from '../../aws/models';
import { refArg } from '../../aws/refs';
import { withCancellableProgress } from '../../commands';
import { DEFAULT_FORMAT, parseFormat } from '../../flowlogs/format';
import type { Services } from '../../services';
import { catalogQuery } from '../core/catalog';
import { formatTimeRange, resolveTimeRange } from '../core/timeRange';
import type { AthenaPrompter } from './prompter';
import type { AthenaRun, AthenaRunner } from './runner';

/** What a flow log's table is, remembered per flow log (global state) once created or used. */
export interface RememberedTable {
  readonly table: string;
  readonly workGroup: string;
  readonly outputLocation?: string | undefined;
  readonly range?: string | undefined;
}

export interface AthenaCommandDeps {
  readonly services: Services;
  readonly runner: AthenaRunner;
  readonly prompter: () => AthenaPrompter;
  readonly memory: vscode.Memento;
}

const MEMORY_KEY = 'vpcFlowLogs.athena.tables';

function remembered(deps: AthenaCommandDeps, flowLogId: string): RememberedTable | undefined {
  return deps.memory.get<Record<string, RememberedTable>>(MEMORY_KEY, {})[flowLogId];
}

async function remember(deps: AthenaCommandDeps, flowLogId: string, table: RememberedTable): Promise<void> {
  await deps.memory.update(MEMORY_KEY, { ...deps.memory.get<Record<string, RememberedTable>>(MEMORY_KEY, {}), [flowLogId]: table });
}

/** A flow log delivered to S3, with where its files are and its fields. */
interface FlowLogTarget {
  readonly flowLog: FlowLogInfo;
  readonly layout: DeliveryLayout;
  readonly fields: string[];
}

/** The flow log a command was given (a node, a ref or an id), or the one the user picks. */
async function flowLogTarget(deps: AthenaCommandDeps, arg: unknown): Promise<FlowLogTarget | undefined> {
  const { aws } = deps.services;
  const ref = refArg(arg, ['flowLog']);
  let flowLog: FlowLogInfo | undefined;
  if (ref) {
    flowLog = (await aws.ec2.flowLogs({ ids: [ref.id] }))[0];
    if (!flowLog) {
      throw new Error(`the flow log ${ref.id} was not found in this region`);
    }
  } else {
    flowLog = await deps.prompter().pickFlowLog((await aws.ec2.flowLogs()).filter((f) => f.destinationType === 's3'));
    if (!flowLog) {
      return undefined;
    }
  }
  if (flowLog.destinationType !== 's3' || !flowLog.destination) {
    throw new Error(`the flow log ${flowLog.id} delivers to ${flowLog.destinationType}, not S3: Athena reads flow logs from S3`);
  }
  const [identity, connection] = await Promise.all([aws.sts.callerIdentity(), aws.connection()]);
  const region = ref?.region ?? connection.region ?? '';
  const layout = deliveryLayout(flowLog.destination, identity.accountId, region, flowLog.destinationOptions);
  return { flowLog, layout, fields: parseFormat(flowLog.logFormat ?? DEFAULT_FORMAT) };
}

/** The table name suggested for a flow log: `<database setting>.vpc_flow_logs_<id>`. */
function defaultTableName(deps: AthenaCommandDeps, flowLogId: string): string {
  const database = deps.services.settings.get<string>('athena.database', 'default').trim().toLowerCase() || 'default';
  return `${database}.vpc_flow_logs_${flowLogId.replace(/^fl-/, '').replace(/[^a-z0-9_]/g, '_')}`;
}

/** The work group (asked, the last used first) and the result location if it has none. */
async function chooseWorkGroup(deps: AthenaCommandDeps, initial: string | undefined, accountId: string, region: string): Promise<{ workGroup: string; outputLocation?: string | undefined } | undefined> {
  const { athena } = deps.services.aws;
  const setting = deps.services.settings.get<string>('athena.workGroup', '').trim();
  const workGroup = await deps.prompter().pickWorkGroup(await athena.workGroups(), initial ?? (setting || undefined));
  if (!workGroup) {
    return undefined;
  }
  const details = await athena.workGroup(workGroup);
  if (details.outputLocation) {
    return { workGroup };
  }
  const configured = deps.services.settings.get<string>('athena.outputLocation', '').trim();
  const outputLocation = await deps.prompter().askOutputLocation(workGroup, configured || `s3://aws-athena-query-results-${accountId}-${region}/`);
  return outputLocation ? { workGroup, outputLocation } : undefined;
}

/** `vpcFlowLogs.athena.createTable`: shows the table statement, then creates it after a modal. */
export async function createAthenaTable(deps: AthenaCommandDeps, arg?: unknown): Promise<string | undefined> {
  const target = await flowLogTarget(deps, arg);
  if (!target) {
    return undefined;
  }
  const { flowLog, layout, fields } = target;
  const before = remembered(deps, flowLog.id);
  const table = await deps.prompter().askTableName(before?.table ?? defaultTableName(deps, flowLog.id));
  if (!table) {
    return undefined;
  }
  const qualified = table.includes('.') ? table : `${deps.services.settings.get<string>('athena.database', 'default') || 'default'}.${table}`;
  const database = qualified.split('.')[0]!;
  const ddl = athenaFlowLogsTableDdl({
    tableName: qualified, location: layout.location, fields, fileFormat: layout.fileFormat,
    hiveCompatiblePartitions: layout.hiveCompatiblePartitions, perHourPartition: layout.perHourPartition,
    projectionStart: projectionStartOf(flowLog),
  });
  // The statement first, so the modal's question is about something the user can read.
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content: `-- The Athena table for ${flowLog.id} (${layout.location})\n${ddl}` }), { preview: true });
  const where = await chooseWorkGroup(deps, before?.workGroup, layout.accountId, layout.region);
  if (!where) {
    return undefined;
  }
  const results = where.outputLocation ? `results to ${where.outputLocation}` : 'results to the work group\'s location';
  const go = await deps.prompter().confirm(
    `Create the Athena table ${qualified}?`,
    `Runs CREATE DATABASE IF NOT EXISTS ${database} and the CREATE EXTERNAL TABLE shown in the editor, in work group ${where.workGroup} (${results}). ` +
      'Creating a table is free (Athena does not bill DDL) and copies no data: the table reads the flow log\'s files where they are. ' +
      `Each query on it is billed for the bytes it scans, about $${deps.runner.pricePerTb()} per TB, at least 10 MB per query; partition projection ` +
      'lets a query read only the days (and hours) of its time range.',
    'Create Table',
  );
  if (!go) {
    return undefined;
  }
  await withCancellableProgress(`Creating the Athena table ${qualified}`, async (signal, report) => {
    const run = async (sql: string, what: string): Promise<void> => {
      report(what);
      const outcome = await runAthenaQuery(deps.services.aws.athena, { sql, workGroup: where.workGroup, outputLocation: where.outputLocation, database }, { signal });
      if (outcome.state !== 'SUCCEEDED') {
        throw new Error(`${what} ${outcome.state === 'CANCELLED' ? 'was cancelled' : `failed: ${outcome.reason ?? 'Athena gave no reason'}`}`);
      }
    };
    await run(`CREATE DATABASE IF NOT EXISTS \`${database}\``, `CREATE DATABASE ${database}`);
    await run(ddl, `CREATE EXTERNAL TABLE ${qualified}`);
  });
  await remember(deps, flowLog.id, { table: qualified, workGroup: where.workGroup, outputLocation: where.outputLocation });
  deps.services.log.info(`Athena: created the table ${qualified} for ${flowLog.id} over ${layout.location}`);
  void vscode.window.showInformationMessage(`Created the Athena table ${qualified} for ${flowLog.id}.`, 'Run Athena Query…').then((choice) => {
    if (choice) {
      void vscode.commands.executeCommand('vpcFlowLogs.athena.runQuery', { kind: 'flowLog', id: flowLog.id, region: layout.region });
    }
  });
  return qualified;
}

/** The first day a table's projection covers: the flow log's creation day (records cannot be older). */
function projectionStartOf(flowLog: FlowLogInfo): string {
  const d = flowLog.createdAt ?? new Date(Date.UTC(2021, 0, 1));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return d.getUTCFullYear() < 2015 ? '2021/01/01' : `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** `vpcFlowLogs.athena.runQuery`: a catalogue query over a flow log's table for a time range, or a query file. */
export async function runAthenaQueryCommand(deps: AthenaCommandDeps, arg?: unknown): Promise<AthenaRun | undefined> {
  if (arg instanceof vscode.Uri) {
    return runAthenaQueryFile(deps, arg);
  }
  const target = await flowLogTarget(deps, arg);
  if (!target) {
    return undefined;
  }
  const { flowLog, layout, fields } = target;
  const before = remembered(deps, flowLog.id);
  const table = before?.table ?? (await deps.prompter().askTableName(defaultTableName(deps, flowLog.id)));
  if (!table) {
    return undefined;
  }
  const where = before ? { workGroup: before.workGroup, outputLocation: before.outputLocation } : await chooseWorkGroup(deps, undefined, layout.accountId, layout.region);
  if (!where) {
    return undefined;
  }
  const query = await deps.prompter().pickQuery(athenaCatalog(fields));
  if (!query) {
    return undefined;
  }
  const parameters: Record<string, string> = {};
  for (const parameter of query.parameters ?? []) {
    const value = await deps.prompter().askParameter(query, parameter);
    if (value === undefined) {
      return undefined;
    }
    parameters[parameter.key] = value;
  }
  const range = await deps.prompter().pickTimeRange(before?.range);
  if (!range) {
    return undefined;
  }
  const { startTime, endTime } = resolveTimeRange(range, Date.now());
  const sql = athenaQuery(query.id, {
    table, from: startTime, to: endTime, fields, parameters,
    hiveCompatiblePartitions: layout.hiveCompatiblePartitions, perHourPartition: layout.perHourPartition,
  });
  await remember(deps, flowLog.id, { table, ...where, range: formatTimeRange(range) });
  const absolute = formatTimeRange({ kind: 'absolute', start: startTime, end: endTime });
  return deps.runner.start({
    title: query.name, sql, table, database: table.includes('.') ? table.split('.')[0]! : 'default', ...where,
    range: absolute, catalogue: query.id, chartQuery: query.query,
  });
}

/** Runs an Athena query file (`-- Athena` header): its SQL in the header's work group (asked when missing). */
export async function runAthenaQueryFile(deps: AthenaCommandDeps, uri?: vscode.Uri): Promise<AthenaRun | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    return undefined;
  }
  const text = document.getText();
  const header = parseAthenaHeader(text) ?? { title: 'Athena query' };
  let workGroup = header.workGroup;
  let outputLocation = header.outputLocation;
  if (!workGroup) {
    const [identity, connection] = await Promise.all([deps.services.aws.sts.callerIdentity(), deps.services.aws.connection()]);
    const where = await chooseWorkGroup(deps, undefined, identity.accountId, connection.region ?? '');
    if (!where) {
      return undefined;
    }
    ({ workGroup, outputLocation } = where);
  }
  const table = header.table ?? '';
  return deps.runner.start({
    title: header.title, sql: athenaSqlBody(text), table: table || 'query file', database: table.includes('.') ? table.split('.')[0]! : 'default',
    workGroup, outputLocation, range: header.range, catalogue: header.catalogue, chartQuery: header.catalogue ? catalogQuery(header.catalogue)?.query : undefined,
    origin: document.uri,
  });
}
