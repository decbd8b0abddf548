/** Pair mining of Go: `//` doc comments, methods with receivers, generics, raw strings and runes, tests. */
import assert from 'node:assert/strict';
import { unitNamed, unitsOf } from './mined';

const SOURCE = `// Package geometry measures shapes.
package geometry

import "strings"

// Point is a point in the plane.
type Point struct {
	X, Y int
}

// Dist returns the Manhattan distance to the origin.
func (p *Point) Dist() int {
	open := "{"
	close := '}'
	_ = strings.Count(open, string(close))
	return p.X + p.Y
}

// This comment is separated from Parse by a blank line.

func Parse[T ~string](s T) (Point, error) {
	raw := \`{ "x": 1 }}\`
	_ = raw
	return Point{}, nil
}

func TestParseEmptyInput(t *testing.T) {
	if _, err := Parse(""); err == nil {
		t.Fatal("want an error")
	}
}
`;

describe('pair mining: Go', () => {
  const units = unitsOf('geometry/point.go', SOURCE, 'go');

  it('takes `//` directly above a declaration as its doc comment (Go convention), for types and methods', () => {
    assert.deepEqual(unitNamed(units, 'Point'), { kind: 'class', name: 'Point', lines: [7, 9], doc: 'Point is a point in the plane.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'Dist'), { kind: 'method', name: 'Dist', lines: [12, 17], doc: 'Dist returns the Manhattan distance to the origin.', docKind: 'doc-comment' });
  });

  it('ends a generic function at its brace despite raw strings and runes, without the detached comment', () => {
    assert.deepEqual(unitNamed(units, 'Parse'), { kind: 'function', name: 'Parse', lines: [21, 25] });
  });

  it('pairs func TestX with its name in words', () => {
    assert.deepEqual(unitNamed(units, 'TestParseEmptyInput'), { kind: 'test', name: 'TestParseEmptyInput', lines: [27, 31], doc: 'parse empty input', docKind: 'test' });
  });

  it('leaves the package clause and its comment alone', () => {
    assert.equal(units.some((u) => u.lines[0] <= 2), false);
  });
});
