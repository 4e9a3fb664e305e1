"""Counting code the way a reader sees it, for chapter 3's comparison of API styles: framework-free.

:func:`code_size` takes functions and classes that a notebook defined and counts, from their
syntax tree, the lines as written, the statements, and the distinct API names they use.
The source comes from the file or notebook cell the object was compiled from (``linecache``,
which also holds the cells a Jupyter kernel ran), found through the object's code: a class
through one of its methods, a ``tf.function`` through the Python function it wraps.
"""
from __future__ import annotations

import ast
import linecache


def code_of(obj):
    """The code object an object was compiled from."""
    fn = getattr(obj, "python_function", obj)  # a tf.function keeps the function it wraps
    if hasattr(fn, "__code__"):
        return fn.__code__
    methods = [v for v in vars(obj).values() if hasattr(v, "__code__")]
    if not methods:
        raise LookupError(f"{obj!r} has no function to find its source by")
    return methods[0].__code__


def source_of(obj):
    """The lines of the file or cell that defines ``obj``, and the syntax-tree node of its definition."""
    code = code_of(obj)
    text = "".join(linecache.getlines(code.co_filename))
    for node in ast.walk(ast.parse(text)):
        if (isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == obj.__name__
                and min([node.lineno] + [d.lineno for d in node.decorator_list]) <= code.co_firstlineno <= node.end_lineno):
            return text.splitlines(), node
    raise LookupError(f"no definition of {obj.__name__!r} in {code.co_filename}")


def source_text(obj) -> str:
    """The source of ``obj``'s definition (its decorators left out), as the file or cell has it."""
    lines, node = source_of(obj)
    return "\n".join(lines[node.lineno - 1:node.end_lineno])


def dotted(node):
    """`a.b.c` for a chain of plain names, None for anything else (a call, a subscript)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return head and f"{head}.{node.attr}"
    return None


def code_size(objects, modules):
    """Lines, statements and distinct API names of the definitions of `objects`, from their syntax tree.

    Lines: the lines as written, without blank lines, comments and docstrings. Statements: the
    lines of the same code re-printed by `ast.unparse`, which puts every statement on one line
    whatever the style. API names: every dotted name rooted at a framework module (`modules`),
    and every method called on an object (`.step`, `.fit`), except our own methods, dunders and
    NumPy's (``np``).
    """
    lines = statements = 0
    names = set()
    for obj in objects:
        text, top = source_of(obj)
        first = min([top.lineno] + [d.lineno for d in top.decorator_list])
        skip = set()
        for node in ast.walk(top):
            body = getattr(node, "body", None)
            if (isinstance(node, (ast.FunctionDef, ast.ClassDef)) and body and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
                skip |= set(range(body[0].lineno, body[0].end_lineno + 1))
                node.body = body[1:] or [ast.Pass()]
        lines += sum(1 for i in range(first, top.end_lineno + 1)
                     if i not in skip and text[i - 1].strip() and not text[i - 1].strip().startswith("#"))
        statements += sum(1 for line in ast.unparse(top).splitlines() if line.strip())
        own = {t.attr for n in ast.walk(top) if isinstance(n, ast.Assign) for t in n.targets
               if isinstance(t, ast.Attribute)}
        own |= {n.name for n in ast.walk(top) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        inner = {id(n.value) for n in ast.walk(top) if isinstance(n, ast.Attribute)}
        for node in ast.walk(top):
            chain = dotted(node)
            if isinstance(node, ast.Attribute) and id(node) not in inner and chain:
                if chain.split(".")[0] in modules:
                    names.add(chain)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                root = (dotted(node.func) or "").split(".")[0]
                attr = node.func.attr
                if root not in modules and root != "np" and attr not in own and not attr.startswith("__"):
                    names.add("." + attr)
    return {"lines": lines, "statements": statements, "api_names": sorted(names), "n_api_names": len(names)}

