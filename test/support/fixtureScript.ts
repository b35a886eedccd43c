import fs from 'node:fs';

/** A fixture generator run as a script (`npx tsx <file>`) writes its fixture file; imported, it does nothing. */
export function writeFixtureWhenRun(mod: NodeModule, file: string, make: () => Promise<Buffer>): void {
  if (require.main !== mod) return;
  void make().then((content) => {
    fs.writeFileSync(file, content);
    console.log(`wrote ${file}`);
  });
}
