/**
 * The reference trees (GB/T 2260 regions, GB/T 4754-2017 industries) as `[{ code, name, children? }]`.
 * They come from domain/reference, the same data the form schemas validate against (and which the bundle
 * carries anyway for in-browser validation), so pickers never wait on the network or disagree with the server.
 */
import { INDUSTRY_TREE, REGION_TREE } from '../../../domain/reference';

export interface TreeNode {
  code: string;
  name: string;
  children?: TreeNode[];
}

export type ReferenceTree = 'regions' | 'industries';

const TREES: Record<ReferenceTree, readonly TreeNode[]> = { regions: REGION_TREE, industries: INDUSTRY_TREE };

/** Same shape as a query result, so screens written against a fetched tree keep working. */
export function useReferenceTree(tree: ReferenceTree): { data: readonly TreeNode[]; isPending: false; isError: false } {
  return { data: TREES[tree], isPending: false, isError: false };
}

/** The nodes along a path of codes (stops at the first code not found). */
export function nodesAlong(options: readonly TreeNode[], codes: readonly string[]): TreeNode[] {
  const found: TreeNode[] = [];
  let level: readonly TreeNode[] | undefined = options;
  for (const code of codes) {
    const node: TreeNode | undefined = level?.find((n) => n.code === code);
    if (!node) break;
    found.push(node);
    level = node.children;
  }
  return found;
}

/** The path of codes from the root to the node with this code (codes are unique within a tree). */
export function pathTo(options: readonly TreeNode[], code: string): string[] {
  for (const node of options) {
    if (node.code === code) return [node.code];
    if (node.children) {
      const below = pathTo(node.children, code);
      if (below.length) return [node.code, ...below];
    }
  }
  return [];
}

/** Leaves (or nodes at maxDepth) whose name or code contains the text, as paths; for the search box. */
export function searchPaths(
  options: readonly TreeNode[],
  text: string,
  maxDepth = Infinity,
  limit = 50,
): TreeNode[][] {
  const needle = text.trim();
  const results: TreeNode[][] = [];
  if (!needle) return results;
  const walk = (nodes: readonly TreeNode[], trail: TreeNode[]) => {
    for (const node of nodes) {
      if (results.length >= limit) return;
      const path = [...trail, node];
      const selectable = !node.children?.length || path.length >= maxDepth;
      if (selectable) {
        if (path.some((n) => n.name.includes(needle)) || node.code.startsWith(needle)) results.push(path);
      } else {
        walk(node.children!, path);
      }
    }
  };
  walk(options, []);
  return results;
}
