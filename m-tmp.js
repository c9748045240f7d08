const { readFileSync } = require('node:fs');
const { parseParquet } = require('./out/src/flowlogs/parquet.js');
(async () => {
  const bytes = new Uint8Array(readFileSync('.cache/bench/default-200000-rg100000.parquet'));
  const cpu = [];
  for (let i = 0; i < 7; i++) { const c = process.cpuUsage(); await parseParquet(bytes); const u = process.cpuUsage(c); cpu.push((u.user + u.system) / 1000); }
  cpu.sort((a, b) => a - b); console.log('cpu ms median', cpu[3].toFixed(0), 'min', cpu[0].toFixed(0));
})();
