import { run } from './main';

run(process.argv.slice(2), process.env, { out: line => console.log(line), err: line => console.error(line) }).then(code => {
  process.exitCode = code;
});
