import { measureModality } from './modality.bench.js';

/** One /modality measurement in a process of its own (see benchModality): its options in, its blocks out as JSON. */
const blocks = await measureModality(JSON.parse(process.argv[2] ?? '{}'));
console.log(JSON.stringify(blocks));
process.exit(0);
