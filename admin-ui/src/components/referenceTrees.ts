/**
 * The reference trees (GB/T 2260 regions, GB/T 4754-2017 industries) as `[{ code, name, children? }]`.
 * They come from domain/reference, the same data the form schemas validate against, so pickers never disagree
 * with the server. The data (about 350 kB) is a chunk of its own, loaded on first use: a list whose only tree is
 * the 地区 filter shows its rows without waiting for it.
 */
import { useQuery } from '@tanstack/react-query';

export interface TreeNode {
  code: string;
  name: string;
  children?: TreeNode[];
}

export type ReferenceTree = 'regions' | 'industries';

const NONE: readonly TreeNode[] = [];

async function loadTree(tree: ReferenceTree): Promise<readonly TreeNode[]> {
  const reference = await import('../../../domain/reference');
  return tree === 'regions' ? reference.REGION_TREE : reference.INDUSTRY_TREE;
}

/** The tree, empty until its chunk has loaded (at once when a form that validates against it is open). */
export function useReferenceTree(tree: ReferenceTree): { data: readonly TreeNode[]; isPending: boolean; isError: boolean } {
  const { data, isPending, isError } = useQuery({ queryKey: ['reference-tree', tree], queryFn: () => loadTree(tree), staleTime: Infinity, gcTime: Infinity });
  return { data: data ?? NONE, isPending, isError };
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
