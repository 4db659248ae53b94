/**
 * Disjoint sets over 0…n-1 with path halving and union by size, plus "cannot link" constraints (a
 * human said two signals are different): a union that would put such a pair together is refused.
 */
export class UnionFind {
  private readonly parent: Int32Array
  private readonly size: Int32Array
  private readonly cannot = new Map<number, number[]>()
  /** Per root: the members of its set that carry constraints. */
  private readonly constrained = new Map<number, number[]>()

  constructor(n: number) {
    this.parent = new Int32Array(n)
    this.size = new Int32Array(n).fill(1)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }

  find(x: number): number {
    let node = x
    while (this.parent[node] !== node) {
      const grand = this.parent[this.parent[node] as number] as number
      this.parent[node] = grand
      node = grand
    }
    return node
  }

  forbid(a: number, b: number): void {
    if (a === b) return
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = this.cannot.get(x)
      if (list) list.push(y)
      else this.cannot.set(x, [y])
      const root = this.find(x)
      const members = this.constrained.get(root)
      if (!members) this.constrained.set(root, [x])
      else if (!members.includes(x)) members.push(x)
    }
  }

  /** Whether the sets of `a` and `b` may be joined without breaking a constraint. */
  allowed(a: number, b: number): boolean {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb) return true
    const members = this.constrained.get(ra)
    if (!members || !this.constrained.has(rb)) return true
    for (const x of members) {
      for (const y of this.cannot.get(x) ?? []) if (this.find(y) === rb) return false
    }
    return true
  }

  /** Joins the sets of `a` and `b`; false when already joined or forbidden. */
  union(a: number, b: number): boolean {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return false
    if (this.cannot.size > 0 && !this.allowed(ra, rb)) return false
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number)
    const moved = this.constrained.get(rb)
    if (moved) {
      this.constrained.delete(rb)
      const target = this.constrained.get(ra)
      if (target) target.push(...moved)
      else this.constrained.set(ra, moved)
    }
    return true
  }
}
