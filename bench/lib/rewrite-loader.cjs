// A webpack pre-loader for the benchmark's "proposed change" bundle: replaces one exact piece of a
// source file at bundle time, so a change proposed to the lead is measured without editing the file.
// It fails the bundle if the piece is not found exactly once (the source moved on: update the bench).
module.exports = function rewrite(source) {
  const { from, to } = this.getOptions();
  const count = source.split(from).length - 1;
  if (count !== 1) throw new Error(`rewrite-loader: expected ${JSON.stringify(from)} once in ${this.resourcePath}, found ${count}`);
  return source.replace(from, to);
};
