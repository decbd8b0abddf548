/** Public surface of the graph IR. */
export { GraphBuilder, GraphBuildError, type Operand } from './builder';
export { Graph, type Value, type Node, type TensorData, type Attrs, type AttrValue } from './ir';
export { type DType, type TypedArray, allocTyped, typedFrom, isFloat } from './dtype';
export { type Dim, type Shape, formatShape, isStatic, numElements } from './shape';
export { writeOnnx } from './onnx-writer';
export { readOnnx, addOutputs, OnnxReadError, type OnnxModelInfo, type ExtraOutput } from './onnx-reader';
