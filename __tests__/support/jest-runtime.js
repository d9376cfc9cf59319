// jest's own runtime, with one change to how it compiles each module.
//
// jest-runtime compiles every module of every test file with
// vm.compileFunction, which V8 compiles afresh each time: each of the suite's
// test files paid again for parsing cdk8s-plus-28, zod, the generated
// validators and the project's own code, and for compiling every function the
// test called. A vm.Script with the same source and file name is found in V8's
// compilation cache, with the functions earlier test files in the same worker
// already compiled; each test file still runs its modules afresh in its own
// context, so no state is shared between test files.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by jest with require() */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const compileFunction = vm.compileFunction;
let throughScripts = true;

vm.compileFunction = function compileThroughScriptCache(code, params = [], options = {}) {
  const { parsingContext, filename, importModuleDynamically, contextExtensions } = options;
  if (!throughScripts || parsingContext === undefined || contextExtensions?.length > 0) {
    return compileFunction.call(this, code, params, options);
  }

  let script;
  try {
    // the wrapper on a line of its own, so that lines and columns stay the file's
    script = new vm.Script(`(function (${params.join(', ')}) {\n${code}\n})`,
      { filename, importModuleDynamically, lineOffset: -1 });
  } catch {
    // the error as jest reports it: from the test's own realm, with its frame
    return compileFunction.call(this, code, params, options);
  }
  return script.runInContext(parsingContext);
};

class ScriptCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    // V8 coverage counts by offset in the compiled text, which the wrapper shifts
    const [, , , , , coverage] = args;
    if (coverage?.collectCoverage && coverage.coverageProvider === 'v8') throughScripts = false;
  }
}

module.exports = ScriptCacheRuntime;
module.exports.default = ScriptCacheRuntime;
