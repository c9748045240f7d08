const { FlowLogGenerator } = require('./out/bench/generate.js');
const { parquetSection } = require('./out/bench/parquetBench.js');
const N = Number(process.argv[2]);
(async () => { const text = new FlowLogGenerator(42).defaultLines(N); await parquetSection(text, { cache: '.cache/bench', records: N, repeat: Number(process.argv[3]) }); })();
