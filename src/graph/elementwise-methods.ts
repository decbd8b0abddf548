/**
 * The element-wise ops GraphBuilder offers as methods (`g.add(a, b)`, `g.exp(x)`), as tables from
 * method name to ONNX op: each method only emits its op, so the list is data and the builder
 * defines every method of a table from one function.
 */

/** Methods of two operands; a number becomes a scalar of the other operand's dtype. */
export const BINARY_METHODS = {
  add: 'Add',
  sub: 'Sub',
  mul: 'Mul',
  div: 'Div',
  pow: 'Pow',
  max: 'Max',
  min: 'Min',
  equal: 'Equal',
  less: 'Less',
  greater: 'Greater',
} as const;

/** Methods of one value. */
export const UNARY_METHODS = {
  not: 'Not',
  neg: 'Neg',
  sqrt: 'Sqrt',
  exp: 'Exp',
  log: 'Log',
  tanh: 'Tanh',
  erf: 'Erf',
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  abs: 'Abs',
  reciprocal: 'Reciprocal',
  identity: 'Identity',
} as const;
