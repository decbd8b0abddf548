/** Pair mining of Java: Javadoc with annotations between it and the declaration, generics, text blocks, @Test. */
import assert from 'node:assert/strict';
import { unitNamed, unitsOf } from './mined';

const SOURCE = `package org.example;

import java.util.List;

/**
 * A counter that only goes up.
 */
@Component
public class Counter<T extends Comparable<T>> {
    private int count;

    /**
     * Increments the count by one.
     *
     * @return the new count
     */
    @Override
    @SuppressWarnings("unchecked")
    public synchronized int increment() throws IllegalStateException {
        String brace = "}";
        char open = '{';
        return ++count;
    }

    /** Creates a counter starting at zero. */
    public Counter() {
        this.count = 0;
    }

    public static <U> List<U> listOf(U... items) {
        String json = """
            { "items": [ } ]
            """;
        return new java.util.ArrayList<U>() {
            void notAMethodOfCounter() { }
        };
    }

    @Test
    void incrementsFromZero() {
        assertEquals(1, new Counter<Integer>().increment());
    }
}
`;

describe('pair mining: Java', () => {
  const units = unitsOf('src/main/java/org/example/Counter.java', SOURCE, 'java');

  it('attaches Javadoc across annotations, to classes with generic bounds and to methods', () => {
    assert.deepEqual(unitNamed(units, 'Counter', 'class'), { kind: 'class', name: 'Counter', lines: [8, 43], doc: 'A counter that only goes up.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'increment'), { kind: 'method', name: 'increment', lines: [17, 23], doc: 'Increments the count by one.\n\n@return the new count', docKind: 'doc-comment' });
  });

  it('finds constructors and generic methods, past text blocks and anonymous classes', () => {
    assert.deepEqual(unitNamed(units, 'Counter', 'method'), { kind: 'method', name: 'Counter', lines: [26, 28], doc: 'Creates a counter starting at zero.', docKind: 'doc-comment' });
    assert.deepEqual(unitNamed(units, 'listOf').lines, [30, 37]);
    assert.equal(units.some((u) => u.name === 'notAMethodOfCounter'), false);
  });

  it('takes @Test methods as tests, named in words', () => {
    assert.deepEqual(unitNamed(units, 'incrementsFromZero'), { kind: 'test', name: 'incrementsFromZero', lines: [39, 42], doc: 'increments from zero', docKind: 'test' });
  });
});
