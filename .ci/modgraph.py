#!/usr/bin/env python3
"""The module graph of a Rust crate's src/ and its cycles.

A module is a file (src/a.rs -> a, src/a/mod.rs -> a, src/a/b.rs -> a::b; src/lib.rs -> crate). An edge A -> B is a
path A names outside doc comments and test code: `crate::B...`, `super::...`, and grouped `use crate::{...}`.
A name the crate root or a mod.rs only re-exports (`pub use x::Y`) resolves to the module that defines it, so an
index file that just declares and re-exports is not a hub. Test code (tests.rs files, `#[cfg(test)] mod tests {}`
at the end of a file) is left out: tests may look anywhere.
"""
import os, re, sys

src = sys.argv[1] if len(sys.argv) > 1 else "src"

def modname(path):
    rel = os.path.relpath(path, src)[:-3]
    parts = rel.split(os.sep)
    if parts[-1] == "mod": parts = parts[:-1]
    if parts == ["lib"]: return "crate"
    return "::".join(parts)

files = {}
for root, _, names in os.walk(src):
    for n in names:
        if n.endswith(".rs"):
            p = os.path.join(root, n)
            if n == "tests.rs": continue  # a module's tests
            files[modname(p)] = p
mods = set(files)

def strip(text):
    # Drop trailing #[cfg(test)] mod tests { ... } (by convention the last item), doc and line comments.
    m = re.search(r"^#\[cfg\(test\)\]\s*\nmod tests\s*\{", text, re.M)
    if m: text = text[:m.start()]
    text = re.sub(r"^#\[cfg\(test\)\]\s*\nmod tests;\s*$", "", text, flags=re.M)
    text = re.sub(r"//[^\n]*", "", text)
    return text

def expand(prefix, body):
    """`use a::{b, c::{d, e}}` -> a::b, a::c::d, a::c::e"""
    out, depth, cur = [], 0, ""
    for ch in body + ",":
        if ch == "," and depth == 0:
            item = cur.strip(); cur = ""
            if not item: continue
            m = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", item, re.S)
            if m: out += expand(prefix + ([m.group(1)] if m.group(1) else []), m.group(2))
            else: out.append("::".join(prefix + [item.split(" as ")[0].strip()]))
            continue
        depth += ch == "{"; depth -= ch == "}"; cur += ch
    return out

def paths_in(mod, text):
    out = []
    for m in re.finditer(r"\buse\s+((?:crate|super)(?:::\w+)*)::\{", text):
        # grouped use: find the matching brace
        i, depth = m.end(), 1
        while depth: depth += {"{": 1, "}": -1}.get(text[i], 0); i += 1
        out += expand(m.group(1).split("::"), text[m.end():i - 1])
    out += re.findall(r"\b((?:crate|super)(?:::\w+)+)", text)
    res = []
    base = mod.split("::") if mod != "crate" else []
    for p in out:
        parts = p.split("::")
        if parts[0] == "super":
            here = base if files[mod].endswith("mod.rs") or mod == "crate" else base
            cur = here[:]
            while parts and parts[0] == "super": cur = cur[:-1]; parts = parts[1:]
            parts = cur + parts
        else:
            parts = parts[1:]
        res.append(parts)
    return res

# What each index re-exports: name -> defining module (crate root and mod.rs files).
reexp = {}
for mod, p in files.items():
    text = strip(open(p).read())
    base = [] if mod == "crate" else mod.split("::")
    for m in re.finditer(r"\bpub(?:\([\w:]+\))?\s+use\s+([\w:]+?)::\{([^}]*)\}", text):
        for name in m.group(2).split(","):
            name = name.strip()
            if not name: continue
            src_name, _, alias = name.partition(" as ")
            reexp[tuple(base + [(alias or src_name).strip()])] = base + m.group(1).split("::")
    for m in re.finditer(r"\bpub(?:\([\w:]+\))?\s+use\s+([\w:]+)::(\w+)(?:\s+as\s+(\w+))?;", text):
        reexp[tuple(base + [m.group(3) or m.group(2)])] = base + m.group(1).split("::")

def resolve(parts):
    # Follow re-exports, then take the longest prefix that is a module; else the crate root.
    for _ in range(5):
        for k in range(len(parts), 0, -1):
            if tuple(parts[:k]) in reexp:
                tgt = reexp[tuple(parts[:k])]
                if tgt and tgt[0] in ("crate", "self"): tgt = tgt[1:]
                parts = tgt + parts[k:]
                break
        else: break
    for k in range(len(parts), 0, -1):
        if "::".join(parts[:k]) in mods: return "::".join(parts[:k])
    return "crate"

edges = {m: set() for m in mods}
for mod, p in files.items():
    text = strip(open(p).read())
    for parts in paths_in(mod, text):
        t = resolve(parts)
        if t != mod: edges[mod].add(t)
    # A child module named bare (`audit::record(..)` in lib.rs), outside its declaration and re-exports.
    base = [] if mod == "crate" else mod.split("::")
    body = re.sub(r"\bpub(?:\([\w:]+\))?\s+use\s+[^;]*;", "", text)
    for child in re.findall(r"^\s*(?:pub(?:\([\w:]+\))?\s+)?mod\s+(\w+)\s*;", text, re.M):
        if "::".join(base + [child]) not in mods: continue
        found = [m.group(1).split("::")[1:] for m in re.finditer(r"(?<![\w:])" + child + r"((?:::\w+)+)", body)]
        for m in re.finditer(r"\buse\s+" + child + r"((?:::\w+)*)::\{", body):
            i, depth = m.end(), 1
            while depth: depth += {"{": 1, "}": -1}.get(body[i], 0); i += 1
            found += [p.split("::") for p in expand(m.group(1).split("::")[1:], body[m.end():i - 1])]
        for parts in found:
            t = resolve(base + [child] + [x for x in parts if x])
            if t != mod: edges[mod].add(t)

# Methods a module adds to a type defined elsewhere (`impl Writer` in audit, `impl Store` in another file) are
# invisible to paths: a module calling one depends on the module that defines it. Calls are found by name,
# `Type::f(` for functions without `self`, `.f(` for methods.
defined = {}
for mod, p in files.items():
    for t in re.findall(r"^\s*pub(?:\([\w:]+\))?\s+(?:struct|enum)\s+(\w+)", strip(open(p).read()), re.M):
        defined.setdefault(t, mod)
extensions = []  # (module, type, fn, is_method)
for mod, p in files.items():
    text = strip(open(p).read())
    for m in re.finditer(r"^impl(?:<[^>]*>)?\s+(\w+)(?:<[^>]*>)?\s*\{", text, re.M):
        t = m.group(1)
        if defined.get(t, mod) == mod: continue
        i, depth = m.end(), 1
        while depth: depth += {"{": 1, "}": -1}.get(text[i], 0); i += 1
        for f in re.finditer(r"\bfn\s+(\w+)\s*(?:<[^>]*>)?\(\s*(&?\s*(?:'\w+\s+)?(?:mut\s+)?self)?", text[m.end():i]):
            extensions.append((mod, t, f.group(1), bool(f.group(2))))
for mod, p in files.items():
    text = strip(open(p).read())
    for (emod, t, f, method) in extensions:
        if emod == mod: continue
        pat = r"\." + f + r"\(" if method else r"\b" + t + r"::" + f + r"\("
        if re.search(pat, text): edges[mod].add(emod)
if "-v" in sys.argv:
    for e in extensions: print("extension:", e)

# Tarjan's strongly connected components: any with more than one module is a loop.
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index: visit(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
sys.setrecursionlimit(10000)
for v in sorted(mods):
    if v not in index: visit(v)

if "-v" in sys.argv:
    for m in sorted(edges): print(f"{m:20} -> {', '.join(sorted(edges[m]))}")
loops = [sorted(c) for c in sccs if len(c) > 1]
print(f"{len(mods)} modules, {sum(len(e) for e in edges.values())} edges, {len(loops)} loop(s)")
for c in loops:
    print("loop:", " <-> ".join(c))
    for a in c:
        print("   ", a, "->", ", ".join(sorted(e for e in edges[a] if e in c)))
sys.exit(1 if loops else 0)
