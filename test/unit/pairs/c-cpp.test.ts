/** Pair mining of C and C++: `/** *\/`, `///` and `//` blocks, structs, templates, raw strings, K&R braces. */
import assert from 'node:assert/strict';
import { unitNamed, unitsOf } from './mined';

const C_SOURCE = `#include <stdio.h>
#define BLOCK(x) { x }

/**
 * Returns the larger of two ints.
 */
static int max(int a, int b) {
    const char *s = "}";
    char c = '{';
    return a > b ? a : b;
}

/// A point in the plane.
typedef struct point {
    int x, y;
} point_t;

struct point *make_point(int x, int y)
{
    /* Allocate the point on the heap
       and zero it. */
    struct point *p = calloc(1, sizeof *p);
    p->x = x;

    return p;
}
`;

const CPP_SOURCE = `#include <map>

namespace store {

// Keeps values sorted by key.
template <typename K, typename V>
class SortedMap : public Base<K> {
public:
    /// Looks a key up; nullptr when it is absent.
    const V* find(const K& key) const {
        auto pattern = R"re(\\{[^}]*\\})re";
        return nullptr;
    }

    ~SortedMap() override {}
};

}  // namespace store

/** The program's entry point. */
int main(int argc, char** argv) {
    return 0;
}
`;

describe('pair mining: C and C++', () => {
  it('C: Javadoc-style and `///` docs, struct definitions, a brace on its own line, `/* */` blocks above statements', () => {
    const units = unitsOf('src/geometry.c', C_SOURCE, 'c');
    assert.deepEqual(unitNamed(units, 'max'), { kind: 'function', name: 'max', lines: [7, 11], doc: 'Returns the larger of two ints.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'point'), { kind: 'class', name: 'point', lines: [14, 16], doc: 'A point in the plane.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'make_point').lines, [18, 26]);
    assert.deepEqual(units.find((u) => u.kind === 'block'), { kind: 'block', name: '', lines: [22, 23], doc: 'Allocate the point on the heap\nand zero it.', docKind: 'line-comment' });
    assert.equal(units.some((u) => u.name === 'BLOCK'), false, 'a macro is not a function');
  });

  it('C++: templates with base classes, methods, destructors, raw strings', () => {
    const units = unitsOf('src/store.hpp', CPP_SOURCE, 'cpp');
    assert.deepEqual(unitNamed(units, 'SortedMap', 'class'), { kind: 'class', name: 'SortedMap', lines: [6, 16], doc: 'Keeps values sorted by key.', docKind: 'line-comment' });
    assert.deepEqual(unitNamed(units, 'find'), { kind: 'method', name: 'find', lines: [10, 13], doc: 'Looks a key up; nullptr when it is absent.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, '~SortedMap').kind, 'method');
    assert.deepEqual(unitNamed(units, 'main'), { kind: 'function', name: 'main', lines: [21, 23], doc: "The program's entry point.", docKind: 'doc-comment' });
  });
});
