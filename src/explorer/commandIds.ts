/** The explorer's command ids, shared by nodes (pure) and the registrations (vscode). */
export const COMMANDS = {
  selectProfile: 'vpcFlowLogs.selectProfile',
  selectRegion: 'vpcFlowLogs.selectRegion',
  refresh: 'vpcFlowLogs.refresh',
  loadMore: 'vpcFlowLogs.loadMore',
  copyId: 'vpcFlowLogs.copyId',
  copyArn: 'vpcFlowLogs.copyArn',
  filterVpcs: 'vpcFlowLogs.filterVpcs',
  clearVpcsFilter: 'vpcFlowLogs.clearVpcsFilter',
  filterLogGroups: 'vpcFlowLogs.filterLogGroups',
  clearLogGroupsFilter: 'vpcFlowLogs.clearLogGroupsFilter',
  showAllLogGroups: 'vpcFlowLogs.showAllLogGroups',
  showFlowLogGroupsOnly: 'vpcFlowLogs.showFlowLogGroupsOnly',
  revealLogGroup: 'vpcFlowLogs.revealLogGroup',
  revealInterface: 'vpcFlowLogs.revealInterface',
  /** Reveals a security group (or one of its rules) or a network ACL (or one of its entries) in the VPCs view. */
  revealInExplorer: 'vpcFlowLogs.revealInExplorer',
  openInterfaceFlowLog: 'vpcFlowLogs.openInterfaceFlowLog',
  openStream: 'vpcFlowLogs.openStream',
  openStreamAsText: 'vpcFlowLogs.openStreamAsText',
  openLogGroup: 'vpcFlowLogs.openLogGroup',
  loadOlderEvents: 'vpcFlowLogs.loadOlderEvents',
  loadNewerEvents: 'vpcFlowLogs.loadNewerEvents',
  openS3Object: 'vpcFlowLogs.openS3Object',
  openS3Prefix: 'vpcFlowLogs.openS3Prefix',
  downloadS3Object: 'vpcFlowLogs.downloadS3Object',
  browseS3: 'vpcFlowLogs.browseS3',
  /** Provided by the flow log set-up area (issue 7), when it is installed. */
  createFlowLog: 'vpcFlowLogs.createFlowLog',
} as const;

/** Settings the explorer reads (under `vpcFlowLogs.`). */
export const SETTINGS = {
  pageSize: 'explorer.pageSize',
  showAllLogGroups: 'logGroups.showAll',
  eventsPerRequest: 'cloudWatch.eventsPerRequest',
  groupWindowMinutes: 'cloudWatch.groupWindowMinutes',
} as const;
