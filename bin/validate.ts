import { main } from '../validation/cli';

process.exitCode = main(process.argv.slice(2), (line) => console.log(line));
