// Failure messages and stack traces are moved into a payload, which the payload codec then seals
// (see payload-codec.ts). Loaded by path by the SDK: in clients, and bundled into the workflow code.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
