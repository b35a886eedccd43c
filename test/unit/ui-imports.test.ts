/**
 * admin-ui/ talks to the server only over HTTP: besides its own files it may import the shared rules in domain/, and
 * nothing of db/, ops/, activities/, workflows/ or api/. (An ESLint path pattern cannot tell admin-ui/src/workflows/
 * from the repository's workflows/, so this test resolves every relative import instead.)
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const uiSource = path.join(root, 'admin-ui', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

test('the admin UI imports only its own files and domain/', () => {
  const files = sourceFiles(uiSource);
  const outside: string[] = [];
  let relativeImports = 0;
  for (const file of files) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      relativeImports++;
      const target = path.relative(root, path.resolve(path.dirname(file), match[1] ?? match[2]!));
      if (!target.startsWith(`admin-ui${path.sep}`) && !target.startsWith(`domain${path.sep}`)) outside.push(`${path.relative(root, file)} → ${target}`);
    }
  }
  expect(files.length).toBeGreaterThan(20);
  expect(relativeImports).toBeGreaterThan(50);
  expect(outside).toEqual([]);
});
