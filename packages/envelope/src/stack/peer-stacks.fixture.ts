// Stack strings from the public test suites of peer parsers (all MIT): getsentry/sentry-javascript
// `packages/browser/test/tracekit/*.test.ts`, stacktracejs/error-stack-parser `spec/`, errwischt/stacktrace-parser
// `test/`, facebook/react-native `jserrorhandler` StackTraceParser tests and TraceKit-derived tests; plus cases
// written for Suture. Inputs are the engines' output, kept as captured; expected frames (newest first, unknown =
// null) follow the majority of those libraries where they disagree, as the README explains.

/** [function, file, line, column] */
export type PeerFrame = readonly [string | null, string | null, number | null, number | null]

export interface PeerStack {
  readonly source: string
  readonly name: string
  readonly stack: string
  readonly frames: readonly PeerFrame[]
}

export const PEER_STACKS: readonly PeerStack[] = [
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome: no location',
    stack: 'error\n at Array.forEach (native)',
    frames: [['Array.forEach', 'native', null, null]],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 15',
    stack:
      "TypeError: Object #<Object> has no method 'undef'\n    at bar (http://path/to/file.js:13:17)\n    at bar (http://path/to/file.js:16:5)\n    at foo (http://path/to/file.js:20:5)\n    at http://path/to/file.js:24:4",
    frames: [
      ['bar', 'http://path/to/file.js', 13, 17],
      ['bar', 'http://path/to/file.js', 16, 5],
      ['foo', 'http://path/to/file.js', 20, 5],
      [null, 'http://path/to/file.js', 24, 4],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 36 with ports',
    stack:
      'Error: Default error\n    at dumpExceptionError (http://localhost:8080/file.js:41:27)\n    at HTMLButtonElement.onclick (http://localhost:8080/file.js:107:146)\n    at I.e.fn.(anonymous function) [as index] (http://localhost:8080/file.js:10:3651)',
    frames: [
      ['dumpExceptionError', 'http://localhost:8080/file.js', 41, 27],
      ['HTMLButtonElement.onclick', 'http://localhost:8080/file.js', 107, 146],
      ['I.e.fn.(anonymous function) [as index]', 'http://localhost:8080/file.js', 10, 3651],
    ],
  },
  {
    source: 'facebook/react-native jserrorhandler StackTraceParser test',
    name: 'chrome webpack URLs without a space before the parenthesis',
    stack:
      "TypeError: Cannot read property 'error' of undefined\n   at TESTTESTTEST.eval(webpack:///./src/components/test/test.jsx?:295:108)\n   at TESTTESTTEST.render(webpack:///./src/components/test/test.jsx?:272:32)\n   at TESTTESTTEST.tryRender(webpack:///./~/react-transform-catch-errors/lib/index.js?:34:31)\n   at TESTTESTTEST.proxiedMethod(webpack:///./~/react-proxy/modules/createPrototypeProxy.js?:44:30)\n   at Module../pages/index.js (C:\\root\\server\\development\\pages\\index.js:182:7)",
    frames: [
      ['TESTTESTTEST.eval', 'webpack:///./src/components/test/test.jsx?', 295, 108],
      ['TESTTESTTEST.render', 'webpack:///./src/components/test/test.jsx?', 272, 32],
      ['TESTTESTTEST.tryRender', 'webpack:///./~/react-transform-catch-errors/lib/index.js?', 34, 31],
      ['TESTTESTTEST.proxiedMethod', 'webpack:///./~/react-proxy/modules/createPrototypeProxy.js?', 44, 30],
      ['Module../pages/index.js', 'C:\\root\\server\\development\\pages\\index.js', 182, 7],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 48 nested eval',
    stack:
      'Error: message string\nat baz (eval at foo (eval at speak (http://localhost:8080/file.js:21:17)), <anonymous>:1:30)\nat foo (eval at speak (http://localhost:8080/file.js:21:17), <anonymous>:2:96)\nat eval (eval at speak (http://localhost:8080/file.js:21:17), <anonymous>:4:18)\nat Object.speak (http://localhost:8080/file.js:21:17)\nat http://localhost:8080/file.js:31:13\n',
    frames: [
      ['baz', 'http://localhost:8080/file.js', 21, 17],
      ['foo', 'http://localhost:8080/file.js', 21, 17],
      ['eval', 'http://localhost:8080/file.js', 21, 17],
      ['Object.speak', 'http://localhost:8080/file.js', 21, 17],
      [null, 'http://localhost:8080/file.js', 31, 13],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 48 blob URLs',
    stack:
      'Error: test\n    at Error (native)\n    at s (blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379:31:29146)\n    at Object.d [as add] (blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379:31:30039)\n    at blob:http%3A//localhost%3A8080/d4eefe0f-361a-4682-b217-76587d9f712a:15:10978\n    at blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379:1:6911\n    at n.fire (blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379:7:3019)\n    at n.handle (blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379:7:2863)',
    frames: [
      ['Error', 'native', null, null],
      ['s', 'blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 31, 29146],
      ['Object.d [as add]', 'blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 31, 30039],
      [null, 'blob:http%3A//localhost%3A8080/d4eefe0f-361a-4682-b217-76587d9f712a', 15, 10978],
      [null, 'blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 1, 6911],
      ['n.fire', 'blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 7, 3019],
      ['n.handle', 'blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 7, 2863],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chromium embedded framework custom scheme',
    stack:
      'Error: message string\n            at examplescheme://examplehost/cd351f7250857e22ceaa.worker.js:70179:15',
    frames: [[null, 'examplescheme://examplehost/cd351f7250857e22ceaa.worker.js', 70179, 15]],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 73 native code frames',
    stack:
      'Error: test\n          at fooIterator (http://localhost:5000/test:20:17)\n          at Array.map (<anonymous>)\n          at foo (http://localhost:5000/test:19:19)\n          at http://localhost:5000/test:24:7',
    frames: [
      ['fooIterator', 'http://localhost:5000/test', 20, 17],
      ['Array.map', '<anonymous>', null, null],
      ['foo', 'http://localhost:5000/test', 19, 19],
      [null, 'http://localhost:5000/test', 24, 7],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 73 eval frames',
    stack:
      'Error: bad\n          at Object.aha (http://localhost:5000/:19:13)\n          at callAnotherThing (http://localhost:5000/:20:16)\n          at Object.callback (http://localhost:5000/:25:7)\n          at http://localhost:5000/:34:17\n          at Array.map (<anonymous>)\n          at test (http://localhost:5000/:33:23)\n          at eval (eval at aha (http://localhost:5000/:37:5), <anonymous>:1:1)\n          at aha (http://localhost:5000/:39:5)\n          at Foo.testMethod (http://localhost:5000/:44:7)\n          at http://localhost:5000/:50:19',
    frames: [
      ['Object.aha', 'http://localhost:5000/', 19, 13],
      ['callAnotherThing', 'http://localhost:5000/', 20, 16],
      ['Object.callback', 'http://localhost:5000/', 25, 7],
      [null, 'http://localhost:5000/', 34, 17],
      ['Array.map', '<anonymous>', null, null],
      ['test', 'http://localhost:5000/', 33, 23],
      ['eval', 'http://localhost:5000/', 37, 5],
      ['aha', 'http://localhost:5000/', 39, 5],
      ['Foo.testMethod', 'http://localhost:5000/', 44, 7],
      [null, 'http://localhost:5000/', 50, 19],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome 109 async URLs',
    stack:
      'Error: bad\n          at callAnotherThing (http://localhost:5000/:20:16)\n          at Object.callback (async http://localhost:5000/:25:7)\n          at test (http://localhost:5000/:33:23)',
    frames: [
      ['callAnotherThing', 'http://localhost:5000/', 20, 16],
      ['Object.callback', 'http://localhost:5000/', 25, 7],
      ['test', 'http://localhost:5000/', 33, 23],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'edge 44 native code frames',
    stack:
      'Error: test\n            at fooIterator (http://localhost:5000/test:20:11)\n            at Array.prototype.map (native code)\n            at foo (http://localhost:5000/test:19:9)\n            at Global code (http://localhost:5000/test:24:7)',
    frames: [
      ['fooIterator', 'http://localhost:5000/test', 20, 11],
      ['Array.prototype.map', 'native code', null, null],
      ['foo', 'http://localhost:5000/test', 19, 9],
      ['Global code', 'http://localhost:5000/test', 24, 7],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'edge 44 eval frames',
    stack:
      'Error: bad\n            at aha (http://localhost:5000/:19:7)\n            at callAnotherThing (http://localhost:5000/:18:6)\n            at callback (http://localhost:5000/:25:7)\n            at Anonymous function (http://localhost:5000/:34:7)\n            at Array.prototype.map (native code)\n            at test (http://localhost:5000/:33:5)\n            at eval code (eval code:1:1)\n            at aha (http://localhost:5000/:39:5)\n            at Foo.prototype.testMethod (http://localhost:5000/:44:7)\n            at Anonymous function (http://localhost:5000/:50:8)',
    frames: [
      ['aha', 'http://localhost:5000/', 19, 7],
      ['callAnotherThing', 'http://localhost:5000/', 18, 6],
      ['callback', 'http://localhost:5000/', 25, 7],
      ['Anonymous function', 'http://localhost:5000/', 34, 7],
      ['Array.prototype.map', 'native code', null, null],
      ['test', 'http://localhost:5000/', 33, 5],
      ['eval code', 'eval code', 1, 1],
      ['aha', 'http://localhost:5000/', 39, 5],
      ['Foo.prototype.testMethod', 'http://localhost:5000/', 44, 7],
      ['Anonymous function', 'http://localhost:5000/', 50, 8],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'electron renderer windows path',
    stack:
      "TypeError: Cannot read property 'error' of undefined\n            at TESTTESTTEST.someMethod (C:\\Users\\user\\path\\to\\file.js:295:108)",
    frames: [['TESTTESTTEST.someMethod', 'C:\\Users\\user\\path\\to\\file.js', 295, 108]],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome frames without full paths',
    stack:
      'Error\n      at Client.requestPromise (api.tsx:554:1)\n      at doDiscoverQuery (genericDiscoverQuery.tsx?33f8:328:1)\n      at _GenericDiscoverQuery.eval [as fetchData] (genericDiscoverQuery.tsx?33f8:256:1)\n      at _GenericDiscoverQuery.componentDidMount (genericDiscoverQuery.tsx?33f8:152:1)\n      at commitLifeCycles (react-dom.development.js?f8c1:20663:1)\n      at commitLayoutEffects (react-dom.development.js?f8c1:23426:1)',
    frames: [
      ['Client.requestPromise', 'api.tsx', 554, 1],
      ['doDiscoverQuery', 'genericDiscoverQuery.tsx?33f8', 328, 1],
      ['_GenericDiscoverQuery.eval [as fetchData]', 'genericDiscoverQuery.tsx?33f8', 256, 1],
      ['_GenericDiscoverQuery.componentDidMount', 'genericDiscoverQuery.tsx?33f8', 152, 1],
      ['commitLifeCycles', 'react-dom.development.js?f8c1', 20663, 1],
      ['commitLayoutEffects', 'react-dom.development.js?f8c1', 23426, 1],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'webpack runtime frames (the "(error: …)" message line is not a frame here)',
    stack:
      'ChunkLoadError: Loading chunk app_bootstrap_initializeLocale_tsx failed.\n      (error: https://s1.sentry-cdn.com/_static/dist/sentry/chunks/app_bootstrap_initializeLocale_tsx.abcdefg.js)\n        at (error: (/_static/dist/sentry/chunks/app_bootstrap_initializeLocale_tsx.abcdefg.js))\n        at key(webpack/runtime/jsonp chunk loading:27:18)\n        at ? (webpack/runtime/ensure chunk:6:25)\n        at Array.reduce(<anonymous>)',
    frames: [
      ['(error:', '/_static/dist/sentry/chunks/app_bootstrap_initializeLocale_tsx.abcdefg.js', null, null],
      ['key', 'webpack/runtime/jsonp chunk loading', 27, 18],
      [null, 'webpack/runtime/ensure chunk', 6, 25],
      ['Array.reduce', '<anonymous>', null, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'chrome braces in URLs',
    stack:
      'Error: bad\n          at something (http://localhost:5000/(some)/(thing)/index.html:20:16)\n          at http://localhost:5000/(group)/[route]/script.js:1:126\n          at more (http://localhost:5000/(some)/(thing)/index.html:25:7)',
    frames: [
      ['something', 'http://localhost:5000/(some)/(thing)/index.html', 20, 16],
      [null, 'http://localhost:5000/(group)/[route]/script.js', 1, 126],
      ['more', 'http://localhost:5000/(some)/(thing)/index.html', 25, 7],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'node data: URI module',
    stack:
      "Error: Error from data-uri module\n                at dynamicFn (data:application/javascript,export function dynamicFn() {  throw new Error('Error from data-uri module');};:1:38)\n                at loadDodgyModule (file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs:8:5)\n                at async callSomeFunction (file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs:12:5)\n                at async file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs:16:5",
    frames: [
      ['dynamicFn', '<data:application/javascript>', null, null],
      ['loadDodgyModule', 'file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs', 8, 5],
      ['async callSomeFunction', 'file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs', 12, 5],
      [null, 'file:///Users/tim/Documents/Repositories/data-uri-tests/index.mjs', 16, 5],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'phantomjs 1.19',
    stack:
      'Error: foo\n    at file:///path/to/file.js:878\n    at foo (http://path/to/file.js:4283)\n    at http://path/to/file.js:4287',
    frames: [
      [null, 'file:///path/to/file.js', 878, null],
      ['foo', 'http://path/to/file.js', 4283, null],
      [null, 'http://path/to/file.js', 4287, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'SecurityError with a message line that looks like a frame',
    stack:
      'SecurityError: Blocked a frame with origin "https://SENTRY_URL.sentry.io" from accessing a cross-origin frame.\n   at Error: Blocked a frame with origin "(https://SENTRY_URL.sentry.io" from accessing a cross-origin frame.)\n   at castFn(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js:368:76)\n   at castFn(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js:409:17)\n   at Replayer.applyEventsSynchronously(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js:325:13)\n   at <object>.actions.play(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/machine.js:132:17)\n   at <anonymous>(../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js:15:2595)\n   at Array.forEach(<anonymous>)\n   at l(../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js:15:2551)\n   at c.send(../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js:15:2741)\n   at Replayer.play(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js:220:26)\n   at Replayer.pause(../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js:235:18)\n   at playTimer.current(./app/components/replays/replayContext.tsx:397:62)\n   at sentryWrapped(../node_modules/@sentry/browser/esm/helpers.js:90:17)',
    frames: [
      [
        'castFn',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js',
        368,
        76,
      ],
      [
        'castFn',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js',
        409,
        17,
      ],
      [
        'Replayer.applyEventsSynchronously',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js',
        325,
        13,
      ],
      [
        '<object>.actions.play',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/machine.js',
        132,
        17,
      ],
      [
        '<anonymous>',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js',
        15,
        2595,
      ],
      ['Array.forEach', '<anonymous>', null, null],
      ['l', '../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js', 15, 2551],
      ['c.send', '../node_modules/@sentry-internal/rrweb/es/rrweb/ext/@xstate/fsm/es/index.js', 15, 2741],
      [
        'Replayer.play',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js',
        220,
        26,
      ],
      [
        'Replayer.pause',
        '../node_modules/@sentry-internal/rrweb/es/rrweb/packages/rrweb/src/replay/index.js',
        235,
        18,
      ],
      ['playTimer.current', './app/components/replays/replayContext.tsx', 397, 62],
      ['sentryWrapped', '../node_modules/@sentry/browser/esm/helpers.js', 90, 17],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'react native v8 (no space before the parenthesis)',
    stack:
      'Error: Manually triggered crash to test Sentry reporting\n          at Object.onPress(index.android.bundle:2342:3773)\n          at s.touchableHandlePress(index.android.bundle:214:2048)\n          at s._performSideEffectsForTransition(index.android.bundle:198:9608)\n          at s._receiveSignal(index.android.bundle:198:8309)\n          at s.touchableHandleResponderRelease(index.android.bundle:198:5615)\n          at Object.y(index.android.bundle:93:571)\n          at P(index.android.bundle:93:714)',
    frames: [
      ['Object.onPress', 'index.android.bundle', 2342, 3773],
      ['s.touchableHandlePress', 'index.android.bundle', 214, 2048],
      ['s._performSideEffectsForTransition', 'index.android.bundle', 198, 9608],
      ['s._receiveSignal', 'index.android.bundle', 198, 8309],
      ['s.touchableHandleResponderRelease', 'index.android.bundle', 198, 5615],
      ['Object.y', 'index.android.bundle', 93, 571],
      ['P', 'index.android.bundle', 93, 714],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'react native expo bundle',
    stack:
      'onPress@/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3:595:658\n          value@/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3:221:7656\n          onResponderRelease@/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3:221:5666\n          p@/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3:96:385\n          forEach@[native code]',
    frames: [
      [
        'onPress',
        '/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3',
        595,
        658,
      ],
      [
        'value',
        '/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3',
        221,
        7656,
      ],
      [
        'onResponderRelease',
        '/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3',
        221,
        5666,
      ],
      [
        'p',
        '/data/user/0/com.sentrytest/files/.expo-internal/bundle-613EDD44F3305B9D75D4679663900F2BCDDDC326F247CA3202A3A4219FD412D3',
        96,
        385,
      ],
      ['forEach', '[native code]', null, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'react native android dev',
    stack:
      'Error: test\nat render(/home/username/sample-workspace/sampleapp.collect.react/src/components/GpsMonitorScene.js:78:24)\nat _renderValidatedComponentWithoutOwnerOrContext(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js:1050:29)\nat _renderValidatedComponent(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js:1075:15)\nat renderedElement(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js:484:29)\nat _currentElement(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js:346:40)\nat child(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactReconciler.js:68:25)\nat children(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactMultiChild.js:264:10)\nat this(/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/native/ReactNativeBaseComponent.js:74:41)\n',
    frames: [
      [
        'render',
        '/home/username/sample-workspace/sampleapp.collect.react/src/components/GpsMonitorScene.js',
        78,
        24,
      ],
      [
        '_renderValidatedComponentWithoutOwnerOrContext',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js',
        1050,
        29,
      ],
      [
        '_renderValidatedComponent',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js',
        1075,
        15,
      ],
      [
        'renderedElement',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js',
        484,
        29,
      ],
      [
        '_currentElement',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactCompositeComponent.js',
        346,
        40,
      ],
      [
        'child',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactReconciler.js',
        68,
        25,
      ],
      [
        'children',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/shared/stack/reconciler/ReactMultiChild.js',
        264,
        10,
      ],
      [
        'this',
        '/home/username/sample-workspace/sampleapp.collect.react/node_modules/react-native/Libraries/Renderer/src/renderers/native/ReactNativeBaseComponent.js',
        74,
        41,
      ],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'react native android production',
    stack:
      'value@index.android.bundle:12:1917\nonPress@index.android.bundle:12:2336\ntouchableHandlePress@index.android.bundle:258:1497\n[native code]\n_performSideEffectsForTransition@index.android.bundle:252:8508\n[native code]\n_receiveSignal@index.android.bundle:252:7291\n[native code]\ntouchableHandleResponderRelease@index.android.bundle:252:4735\n[native code]\nu@index.android.bundle:79:142\ninvokeGuardedCallback@index.android.bundle:79:459\ninvokeGuardedCallbackAndCatchFirstError@index.android.bundle:79:580\nc@index.android.bundle:95:365\na@index.android.bundle:95:567\nv@index.android.bundle:146:501\ng@index.android.bundle:146:604\nforEach@[native code]\ni@index.android.bundle:149:80\nprocessEventQueue@index.android.bundle:146:1432\ns@index.android.bundle:157:88\nhandleTopLevel@index.android.bundle:157:174\nindex.android.bundle:156:572\na@index.android.bundle:93:276\nc@index.android.bundle:93:60\nperform@index.android.bundle:177:596\nbatchedUpdates@index.android.bundle:188:464\ni@index.android.bundle:176:358\ni@index.android.bundle:93:90\nu@index.android.bundle:93:150\n_receiveRootNodeIDEvent@index.android.bundle:156:544\nreceiveTouches@index.android.bundle:156:918\nvalue@index.android.bundle:29:3016\nindex.android.bundle:29:955\nvalue@index.android.bundle:29:2417\nvalue@index.android.bundle:29:927\n[native code]',
    frames: [
      ['value', 'index.android.bundle', 12, 1917],
      ['onPress', 'index.android.bundle', 12, 2336],
      ['touchableHandlePress', 'index.android.bundle', 258, 1497],
      [null, '[native code]', null, null],
      ['_performSideEffectsForTransition', 'index.android.bundle', 252, 8508],
      [null, '[native code]', null, null],
      ['_receiveSignal', 'index.android.bundle', 252, 7291],
      [null, '[native code]', null, null],
      ['touchableHandleResponderRelease', 'index.android.bundle', 252, 4735],
      [null, '[native code]', null, null],
      ['u', 'index.android.bundle', 79, 142],
      ['invokeGuardedCallback', 'index.android.bundle', 79, 459],
      ['invokeGuardedCallbackAndCatchFirstError', 'index.android.bundle', 79, 580],
      ['c', 'index.android.bundle', 95, 365],
      ['a', 'index.android.bundle', 95, 567],
      ['v', 'index.android.bundle', 146, 501],
      ['g', 'index.android.bundle', 146, 604],
      ['forEach', '[native code]', null, null],
      ['i', 'index.android.bundle', 149, 80],
      ['processEventQueue', 'index.android.bundle', 146, 1432],
      ['s', 'index.android.bundle', 157, 88],
      ['handleTopLevel', 'index.android.bundle', 157, 174],
      [null, 'index.android.bundle', 156, 572],
      ['a', 'index.android.bundle', 93, 276],
      ['c', 'index.android.bundle', 93, 60],
      ['perform', 'index.android.bundle', 177, 596],
      ['batchedUpdates', 'index.android.bundle', 188, 464],
      ['i', 'index.android.bundle', 176, 358],
      ['i', 'index.android.bundle', 93, 90],
      ['u', 'index.android.bundle', 93, 150],
      ['_receiveRootNodeIDEvent', 'index.android.bundle', 156, 544],
      ['receiveTouches', 'index.android.bundle', 156, 918],
      ['value', 'index.android.bundle', 29, 3016],
      [null, 'index.android.bundle', 29, 955],
      ['value', 'index.android.bundle', 29, 2417],
      ['value', 'index.android.bundle', 29, 927],
      [null, '[native code]', null, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'react native android hermes',
    stack:
      'at onPress (address at index.android.bundle:1:452701)\nat anonymous (address at index.android.bundle:1:224280)\nat _performSideEffectsForTransition (address at index.android.bundle:1:230843)\nat _receiveSignal (native)\nat touchableHandleResponderRelease (native)\nat onResponderRelease (native)\nat apply (native)\nat b (address at index.android.bundle:1:74037)\nat apply (native)\nat k (address at index.android.bundle:1:74094)\nat apply (native)\nat C (address at index.android.bundle:1:74126)\nat N (address at index.android.bundle:1:74267)\nat A (address at index.android.bundle:1:74709)\nat forEach (native)\nat z (address at index.android.bundle:1:74642)\nat anonymous (address at index.android.bundle:1:77747)\nat _e (address at index.android.bundle:1:127755)\nat Ne (address at index.android.bundle:1:77238)\nat Ue (address at index.android.bundle:1:77571)\nat receiveTouches (address at index.android.bundle:1:122512)\nat apply (native)\nat value (address at index.android.bundle:1:33176)\nat anonymous (address at index.android.bundle:1:31603)\nat value (address at index.android.bundle:1:32776)\nat value (address at index.android.bundle:1:31561)',
    frames: [
      ['onPress', 'index.android.bundle', 1, 452701],
      ['anonymous', 'index.android.bundle', 1, 224280],
      ['_performSideEffectsForTransition', 'index.android.bundle', 1, 230843],
      ['_receiveSignal', 'native', null, null],
      ['touchableHandleResponderRelease', 'native', null, null],
      ['onResponderRelease', 'native', null, null],
      ['apply', 'native', null, null],
      ['b', 'index.android.bundle', 1, 74037],
      ['apply', 'native', null, null],
      ['k', 'index.android.bundle', 1, 74094],
      ['apply', 'native', null, null],
      ['C', 'index.android.bundle', 1, 74126],
      ['N', 'index.android.bundle', 1, 74267],
      ['A', 'index.android.bundle', 1, 74709],
      ['forEach', 'native', null, null],
      ['z', 'index.android.bundle', 1, 74642],
      ['anonymous', 'index.android.bundle', 1, 77747],
      ['_e', 'index.android.bundle', 1, 127755],
      ['Ne', 'index.android.bundle', 1, 77238],
      ['Ue', 'index.android.bundle', 1, 77571],
      ['receiveTouches', 'index.android.bundle', 1, 122512],
      ['apply', 'native', null, null],
      ['value', 'index.android.bundle', 1, 33176],
      ['anonymous', 'index.android.bundle', 1, 31603],
      ['value', 'index.android.bundle', 1, 32776],
      ['value', 'index.android.bundle', 1, 31561],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'ie 10',
    stack:
      "TypeError: Unable to get property 'undef' of undefined or null reference\n   at Anonymous function (http://path/to/file.js:48:13)\n   at foo (http://path/to/file.js:46:9)\n   at bar (http://path/to/file.js:82:1)",
    frames: [
      ['Anonymous function', 'http://path/to/file.js', 48, 13],
      ['foo', 'http://path/to/file.js', 46, 9],
      ['bar', 'http://path/to/file.js', 82, 1],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'ie 11',
    stack:
      "TypeError: Unable to get property 'undef' of undefined or null reference\n   at Anonymous function (http://path/to/file.js:47:21)\n   at foo (http://path/to/file.js:45:13)\n   at bar (http://path/to/file.js:108:1)",
    frames: [
      ['Anonymous function', 'http://path/to/file.js', 47, 21],
      ['foo', 'http://path/to/file.js', 45, 13],
      ['bar', 'http://path/to/file.js', 108, 1],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'ie 11 eval',
    stack:
      "ReferenceError: 'getExceptionProps' is undefined\n   at eval code (eval code:1:1)\n   at foo (http://path/to/file.js:58:17)\n   at bar (http://path/to/file.js:109:1)",
    frames: [
      ['eval code', 'eval code', 1, 1],
      ['foo', 'http://path/to/file.js', 58, 17],
      ['bar', 'http://path/to/file.js', 109, 1],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'opera 25',
    stack:
      "TypeError: Cannot read property 'undef' of null\n    at http://path/to/file.js:47:22\n    at foo (http://path/to/file.js:52:15)\n    at bar (http://path/to/file.js:108:168)",
    frames: [
      [null, 'http://path/to/file.js', 47, 22],
      ['foo', 'http://path/to/file.js', 52, 15],
      ['bar', 'http://path/to/file.js', 108, 168],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 3',
    stack:
      '()@http://127.0.0.1:8000/js/stacktrace.js:44\n(null)@http://127.0.0.1:8000/js/stacktrace.js:31\nprintStackTrace()@http://127.0.0.1:8000/js/stacktrace.js:18\nbar(1)@http://127.0.0.1:8000/js/file.js:13\nbar(2)@http://127.0.0.1:8000/js/file.js:16\nfoo()@http://127.0.0.1:8000/js/file.js:20\n@http://127.0.0.1:8000/js/file.js:24\n',
    frames: [
      [null, 'http://127.0.0.1:8000/js/stacktrace.js', 44, null],
      [null, 'http://127.0.0.1:8000/js/stacktrace.js', 31, null],
      ['printStackTrace', 'http://127.0.0.1:8000/js/stacktrace.js', 18, null],
      ['bar', 'http://127.0.0.1:8000/js/file.js', 13, null],
      ['bar', 'http://127.0.0.1:8000/js/file.js', 16, null],
      ['foo', 'http://127.0.0.1:8000/js/file.js', 20, null],
      [null, 'http://127.0.0.1:8000/js/file.js', 24, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 7',
    stack:
      '()@file:///G:/js/stacktrace.js:44\n(null)@file:///G:/js/stacktrace.js:31\nprintStackTrace()@file:///G:/js/stacktrace.js:18\nbar(1)@file:///G:/js/file.js:13\nbar(2)@file:///G:/js/file.js:16\nfoo()@file:///G:/js/file.js:20\n@file:///G:/js/file.js:24\n',
    frames: [
      [null, 'file:///G:/js/stacktrace.js', 44, null],
      [null, 'file:///G:/js/stacktrace.js', 31, null],
      ['printStackTrace', 'file:///G:/js/stacktrace.js', 18, null],
      ['bar', 'file:///G:/js/file.js', 13, null],
      ['bar', 'file:///G:/js/file.js', 16, null],
      ['foo', 'file:///G:/js/file.js', 20, null],
      [null, 'file:///G:/js/file.js', 24, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 14',
    stack:
      '@http://path/to/file.js:48\ndumpException3@http://path/to/file.js:52\nonclick@http://path/to/file.js:1\n',
    frames: [
      [null, 'http://path/to/file.js', 48, null],
      ['dumpException3', 'http://path/to/file.js', 52, null],
      ['onclick', 'http://path/to/file.js', 1, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 31',
    stack:
      'foo@http://path/to/file.js:41:13\nbar@http://path/to/file.js:1:1\n.plugin/e.fn[c]/<@http://path/to/file.js:1:1\n',
    frames: [
      ['foo', 'http://path/to/file.js', 41, 13],
      ['bar', 'http://path/to/file.js', 1, 1],
      ['.plugin/e.fn[c]/<', 'http://path/to/file.js', 1, 1],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 44 ns exception',
    stack:
      '[2]</Bar.prototype._baz/</<@http://path/to/file.js:703:28\nApp.prototype.foo@file:///path/to/file.js:15:2\nbar@file:///path/to/file.js:20:3\n@file:///path/to/index.html:23:1\n',
    frames: [
      ['[2]</Bar.prototype._baz/</<', 'http://path/to/file.js', 703, 28],
      ['App.prototype.foo', 'file:///path/to/file.js', 15, 2],
      ['bar', 'file:///path/to/file.js', 20, 3],
      [null, 'file:///path/to/index.html', 23, 1],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 50 resource URLs',
    stack:
      'render@resource://path/data/content/bundle.js:5529:16\ndispatchEvent@resource://path/data/content/vendor.bundle.js:18:23028\nwrapped@resource://path/data/content/bundle.js:7270:25',
    frames: [
      ['render', 'resource://path/data/content/bundle.js', 5529, 16],
      ['dispatchEvent', 'resource://path/data/content/vendor.bundle.js', 18, 23028],
      ['wrapped', 'resource://path/data/content/bundle.js', 7270, 25],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 43 eval URLs',
    stack:
      'baz@http://localhost:8080/file.js line 26 > eval line 2 > eval:1:30\nfoo@http://localhost:8080/file.js line 26 > eval:2:96\n@http://localhost:8080/file.js line 26 > eval:4:18\nspeak@http://localhost:8080/file.js:26:17\n@http://localhost:8080/file.js:33:9',
    frames: [
      ['baz', 'http://localhost:8080/file.js', 26, null],
      ['foo', 'http://localhost:8080/file.js', 26, null],
      [null, 'http://localhost:8080/file.js', 26, null],
      ['speak', 'http://localhost:8080/file.js', 26, 17],
      [null, 'http://localhost:8080/file.js', 33, 9],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 66 native code',
    stack:
      'fooIterator@http://localhost:5000/test:20:17\n          foo@http://localhost:5000/test:19:19\n          @http://localhost:5000/test:24:7',
    frames: [
      ['fooIterator', 'http://localhost:5000/test', 20, 17],
      ['foo', 'http://localhost:5000/test', 19, 19],
      [null, 'http://localhost:5000/test', 24, 7],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox 66 eval',
    stack:
      'aha@http://localhost:5000/:19:13\n          callAnotherThing@http://localhost:5000/:20:15\n          callback@http://localhost:5000/:25:7\n          test/<@http://localhost:5000/:34:7\n          test@http://localhost:5000/:33:23\n          @http://localhost:5000/ line 39 > eval:1:1\n          aha@http://localhost:5000/:39:5\n          testMethod@http://localhost:5000/:44:7\n          @http://localhost:5000/:50:19',
    frames: [
      ['aha', 'http://localhost:5000/', 19, 13],
      ['callAnotherThing', 'http://localhost:5000/', 20, 15],
      ['callback', 'http://localhost:5000/', 25, 7],
      ['test/<', 'http://localhost:5000/', 34, 7],
      ['test', 'http://localhost:5000/', 33, 23],
      [null, 'http://localhost:5000/', 39, null],
      ['aha', 'http://localhost:5000/', 39, 5],
      ['testMethod', 'http://localhost:5000/', 44, 7],
      [null, 'http://localhost:5000/', 50, 19],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox parentheses in the path',
    stack:
      'onClick@http://localhost:3002/_next/static/chunks/app/(group)/[route]/script.js:1:644\n@http://localhost:3002/_next/static/chunks/app/(group)/[route]/script.js:1:126',
    frames: [
      ['onClick', 'http://localhost:3002/_next/static/chunks/app/(group)/[route]/script.js', 1, 644],
      [null, 'http://localhost:3002/_next/static/chunks/app/(group)/[route]/script.js', 1, 126],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'firefox "file" inside an identifier',
    stack:
      'us@https://www.random_website.com/vendor.d1cae9cfc9917df88de7.js:1:296021\ndetectChanges@https://www.random_website.com/vendor.d1cae9cfc9917df88de7.js:1:333807\nhandleProfileResult@https://www.random_website.com/main.4a4119c3cdfd10266d84.js:146:1018410\n',
    frames: [
      ['us', 'https://www.random_website.com/vendor.d1cae9cfc9917df88de7.js', 1, 296021],
      ['detectChanges', 'https://www.random_website.com/vendor.d1cae9cfc9917df88de7.js', 1, 333807],
      ['handleProfileResult', 'https://www.random_website.com/main.4a4119c3cdfd10266d84.js', 146, 1018410],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 6',
    stack:
      '@http://path/to/file.js:48\ndumpException3@http://path/to/file.js:52\nonclick@http://path/to/file.js:82\n[native code]',
    frames: [
      [null, 'http://path/to/file.js', 48, null],
      ['dumpException3', 'http://path/to/file.js', 52, null],
      ['onclick', 'http://path/to/file.js', 82, null],
      [null, '[native code]', null, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 7',
    stack:
      'http://path/to/file.js:48:22\nfoo@http://path/to/file.js:52:15\nbar@http://path/to/file.js:108:107',
    frames: [
      [null, 'http://path/to/file.js', 48, 22],
      ['foo', 'http://path/to/file.js', 52, 15],
      ['bar', 'http://path/to/file.js', 108, 107],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 8',
    stack:
      'http://path/to/file.js:47:22\nfoo@http://path/to/file.js:52:15\nbar@http://path/to/file.js:108:23',
    frames: [
      [null, 'http://path/to/file.js', 47, 22],
      ['foo', 'http://path/to/file.js', 52, 15],
      ['bar', 'http://path/to/file.js', 108, 23],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 8 eval (eval@[native code])',
    stack:
      'eval code\neval@[native code]\nfoo@http://path/to/file.js:58:21\nbar@http://path/to/file.js:109:91',
    frames: [
      ['eval', '[native code]', null, null],
      ['foo', 'http://path/to/file.js', 58, 21],
      ['bar', 'http://path/to/file.js', 109, 91],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari extension',
    stack:
      'Error: wat\n      at ClipperError@safari-extension:(//3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/commons.js:223036:10)\n      at safari-extension:(//3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/topee-content.js:3313:26)',
    frames: [
      [
        'ClipperError',
        'safari-extension://3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/commons.js',
        223036,
        10,
      ],
      [null, 'safari-extension://3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/topee-content.js', 3313, 26],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari extension frames only',
    stack:
      'isClaimed@safari-extension://com.grammarly.safari.extension.ext2-W8F64X92K3/ee7759dd/Grammarly.js:2:929865\n        safari-extension://com.grammarly.safari.extension.ext2-W8F64X92K3/ee7759dd/Grammarly.js:2:1588410\n        promiseReactionJob@[native code]',
    frames: [
      [
        'isClaimed',
        'safari-extension://com.grammarly.safari.extension.ext2-W8F64X92K3/ee7759dd/Grammarly.js',
        2,
        929865,
      ],
      [
        null,
        'safari-extension://com.grammarly.safari.extension.ext2-W8F64X92K3/ee7759dd/Grammarly.js',
        2,
        1588410,
      ],
      ['promiseReactionJob', '[native code]', null, null],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari web extension',
    stack:
      'Error: wat\n      at ClipperError@safari-web-extension:(//3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/commons.js:223036:10)\n      at safari-web-extension:(//3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/topee-content.js:3313:26)',
    frames: [
      [
        'ClipperError',
        'safari-web-extension://3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/commons.js',
        223036,
        10,
      ],
      [
        null,
        'safari-web-extension://3284871F-A480-4FFC-8BC4-3F362C752446/2665fee0/topee-content.js',
        3313,
        26,
      ],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 12 native code',
    stack:
      'fooIterator@http://localhost:5000/test:20:26\n          map@[native code]\n          foo@http://localhost:5000/test:19:22\n          global code@http://localhost:5000/test:24:10',
    frames: [
      ['fooIterator', 'http://localhost:5000/test', 20, 26],
      ['map', '[native code]', null, null],
      ['foo', 'http://localhost:5000/test', 19, 22],
      ['global code', 'http://localhost:5000/test', 24, 10],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari 12 eval',
    stack:
      'aha@http://localhost:5000/:19:22\n          aha@[native code]\n          callAnotherThing@http://localhost:5000/:20:16\n          callback@http://localhost:5000/:25:23\n          http://localhost:5000/:34:25\n          map@[native code]\n          test@http://localhost:5000/:33:26\n          eval code\n          eval@[native code]\n          aha@http://localhost:5000/:39:9\n          testMethod@http://localhost:5000/:44:10\n          http://localhost:5000/:50:29',
    frames: [
      ['aha', 'http://localhost:5000/', 19, 22],
      ['aha', '[native code]', null, null],
      ['callAnotherThing', 'http://localhost:5000/', 20, 16],
      ['callback', 'http://localhost:5000/', 25, 23],
      [null, 'http://localhost:5000/', 34, 25],
      ['map', '[native code]', null, null],
      ['test', 'http://localhost:5000/', 33, 26],
      ['eval', '[native code]', null, null],
      ['aha', 'http://localhost:5000/', 39, 9],
      ['testMethod', 'http://localhost:5000/', 44, 10],
      [null, 'http://localhost:5000/', 50, 29],
    ],
  },
  {
    source: 'getsentry/sentry-javascript packages/browser/test/tracekit',
    name: 'safari parentheses in the path',
    stack:
      '@http://localhost:3000/(group)/[route]/script.js:1:131\nglobal code@http://localhost:3000/(group)/[route]/script.js:1:334',
    frames: [
      [null, 'http://localhost:3000/(group)/[route]/script.js', 1, 131],
      ['global code', 'http://localhost:3000/(group)/[route]/script.js', 1, 334],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'firefox 43 function name with @',
    stack: 'obj["@fn"]@Scratchpad/1:10:29\n@Scratchpad/1:11:1\n',
    frames: [
      ['obj["@fn"]', 'Scratchpad/1', 10, 29],
      [null, 'Scratchpad/1', 11, 1],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'firefox 60 @ in the URL',
    stack:
      'who@http://localhost:5000/misc/@stuff/foo.js:3:9\nwhat@http://localhost:5000/misc/@stuff/foo.js:6:3\nwhere@http://localhost:5000/misc/@stuff/foo.js:9:3\nwhy@http://localhost:5000/misc/@stuff/foo.js:12:3\n@http://localhost:5000/misc/@stuff/foo.js:15:1\n',
    frames: [
      ['who', 'http://localhost:5000/misc/@stuff/foo.js', 3, 9],
      ['what', 'http://localhost:5000/misc/@stuff/foo.js', 6, 3],
      ['where', 'http://localhost:5000/misc/@stuff/foo.js', 9, 3],
      ['why', 'http://localhost:5000/misc/@stuff/foo.js', 12, 3],
      [null, 'http://localhost:5000/misc/@stuff/foo.js', 15, 1],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'firefox 60 @ in the URL and the name',
    stack:
      'obj["@who"]@http://localhost:5000/misc/@stuff/foo.js:4:9\nwhat@http://localhost:5000/misc/@stuff/foo.js:8:3\nwhere@http://localhost:5000/misc/@stuff/foo.js:11:3\nwhy@http://localhost:5000/misc/@stuff/foo.js:14:3\n@http://localhost:5000/misc/@stuff/foo.js:17:1\n',
    frames: [
      ['obj["@who"]', 'http://localhost:5000/misc/@stuff/foo.js', 4, 9],
      ['what', 'http://localhost:5000/misc/@stuff/foo.js', 8, 3],
      ['where', 'http://localhost:5000/misc/@stuff/foo.js', 11, 3],
      ['why', 'http://localhost:5000/misc/@stuff/foo.js', 14, 3],
      [null, 'http://localhost:5000/misc/@stuff/foo.js', 17, 1],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'chrome 46 constructors',
    stack:
      'Error: Default error\n    at new CustomError (http://localhost:8080/file.js:41:27)\n    at HTMLButtonElement.onclick (http://localhost:8080/file.js:107:146)',
    frames: [
      ['new CustomError', 'http://localhost:8080/file.js', 41, 27],
      ['HTMLButtonElement.onclick', 'http://localhost:8080/file.js', 107, 146],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'edge 20 nested eval',
    stack:
      'Error: message string\n  at baz (eval code:1:18)\n  at foo (eval code:2:90)\n  at eval code (eval code:4:18)\n  at speak (http://localhost:8080/file.js:25:17)\n  at Global code (http://localhost:8080/file.js:32:9)',
    frames: [
      ['baz', 'eval code', 1, 18],
      ['foo', 'eval code', 2, 90],
      ['eval code', 'eval code', 4, 18],
      ['speak', 'http://localhost:8080/file.js', 25, 17],
      ['Global code', 'http://localhost:8080/file.js', 32, 9],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'newlines in the message',
    stack:
      'Error: Problem at this\nlocation. Error code:1234\n    at http://path/to/file.js:47:22\n    at foo (http://path/to/file.js:52:15)',
    frames: [
      [null, 'http://path/to/file.js', 47, 22],
      ['foo', 'http://path/to/file.js', 52, 15],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'webpack eval without a position',
    stack:
      'ReferenceError: chilxdren is not defined\n at Layout (eval at proxyClass (webpack:///../react-hot-loader/~/react-proxy/modules/createClassProxy.js?), <anonymous>:4:17)',
    frames: [
      ['Layout', 'webpack:///../react-hot-loader/~/react-proxy/modules/createClassProxy.js?', null, null],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'node paths with spaces',
    stack:
      'Error\n     at /var/app/scratch/my project/index.js:2:9\n    at Object.<anonymous> (/var/app/scratch/my project/index.js:2:9)\n    at Module._compile (internal/modules/cjs/loader.js:774:30)\n    at Object.Module._extensions..js (internal/modules/cjs/loader.js:785:10)\n    at Module.load (internal/modules/cjs/loader.js:641:32)\n    at Function.Module._load (internal/modules/cjs/loader.js:556:12)\n    at Function.Module.runMain (internal/modules/cjs/loader.js:837:10)\n    at internal/main/run_main_module.js:17:11',
    frames: [
      [null, '/var/app/scratch/my project/index.js', 2, 9],
      ['Object.<anonymous>', '/var/app/scratch/my project/index.js', 2, 9],
      ['Module._compile', 'internal/modules/cjs/loader.js', 774, 30],
      ['Object.Module._extensions..js', 'internal/modules/cjs/loader.js', 785, 10],
      ['Module.load', 'internal/modules/cjs/loader.js', 641, 32],
      ['Function.Module._load', 'internal/modules/cjs/loader.js', 556, 12],
      ['Function.Module.runMain', 'internal/modules/cjs/loader.js', 837, 10],
      [null, 'internal/main/run_main_module.js', 17, 11],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'multi-line message with hex payload',
    stack:
      'TransactionExecutionError: User rejected the request.\n\nRequest Arguments:\n  from:   0xB770B86b1544eDf51BBf82Dd01e8e867607Dba51\n  data:   0x90411a32000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\n  gas:    467935\n\nDetails: MetaMask Tx Signature: User denied transaction signature.\nVersion: viem@2.22.11\n    at getTransactionError (http://localhost:5173/node_modules/.vite/deps/chunk-RH76XVE4.js?v=3214fecf:1619:10)\n    at sendTransaction (http://localhost:5173/node_modules/.vite/deps/chunk-RH76XVE4.js?v=3214fecf:1750:11)\n    at async Object.executeTxn (http://localhost:5173/src/app/hooks/useSwapRouter.tsx?t=1737523345399:450:24)',
    frames: [
      [
        'getTransactionError',
        'http://localhost:5173/node_modules/.vite/deps/chunk-RH76XVE4.js?v=3214fecf',
        1619,
        10,
      ],
      [
        'sendTransaction',
        'http://localhost:5173/node_modules/.vite/deps/chunk-RH76XVE4.js?v=3214fecf',
        1750,
        11,
      ],
      [
        'async Object.executeTxn',
        'http://localhost:5173/src/app/hooks/useSwapRouter.tsx?t=1737523345399',
        450,
        24,
      ],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'opera 11 stack',
    stack:
      '<anonymous function: run>([arguments not available])@http://path/to/file.js:27\nbar([arguments not available])@http://domain.com:1234/path/to/file.js:18\nfoo([arguments not available])@http://domain.com:1234/path/to/file.js:11\n<anonymous function>@http://path/to/file.js:15',
    frames: [
      ['<anonymous function: run>', 'http://path/to/file.js', 27, null],
      ['bar', 'http://domain.com:1234/path/to/file.js', 18, null],
      ['foo', 'http://domain.com:1234/path/to/file.js', 11, null],
      ['<anonymous function>', 'http://path/to/file.js', 15, null],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'opera 11 stacktrace property',
    stack:
      'Error thrown at line 42, column 12 in <anonymous function: createException>() in http://path/to/file.js:\n    this.undef();\ncalled from line 27, column 8 in <anonymous function: run>(ex) in http://path/to/file.js:\n    ex = ex || this.createException();\ncalled from line 18, column 4 in printStackTrace(options) in http://path/to/file.js:\n    var p = new printStackTrace.implementation(), result = p.run(ex);\ncalled from line 4, column 5 in bar(n) in http://path/to/file.js:\n    printTrace(printStackTrace());\ncalled from line 7, column 4 in bar(n) in http://path/to/file.js:\n    bar(n - 1);\ncalled from line 11, column 4 in foo() in http://path/to/file.js:\n    bar(2);\ncalled from line 15, column 3 in http://path/to/file.js:\n    foo();',
    frames: [
      ['createException', 'http://path/to/file.js', 42, 12],
      ['run', 'http://path/to/file.js', 27, 8],
      ['printStackTrace', 'http://path/to/file.js', 18, 4],
      ['bar', 'http://path/to/file.js', 4, 5],
      ['bar', 'http://path/to/file.js', 7, 4],
      ['foo', 'http://path/to/file.js', 11, 4],
      [null, 'http://path/to/file.js', 15, 3],
    ],
  },
  {
    source: 'stacktracejs/error-stack-parser spec',
    name: 'opera 10 stacktrace property',
    stack:
      '  Line 42 of linked script http://path/to/file.js\n                this.undef();\n  Line 27 of linked script http://path/to/file.js\n            ex = ex || this.createException();\n  Line 18 of linked script http://path/to/file.js: In function printStackTrace\n        var p = new printStackTrace.implementation(), result = p.run(ex);\n  Line 4 of inline#1 script in http://path/to/file.js: In function bar\n             printTrace(printStackTrace());\n  Line 7 of inline#1 script in http://path/to/file.js: In function bar\n           bar(n - 1);\n  Line 11 of inline#1 script in http://path/to/file.js: In function foo\n           bar(2);\n  Line 15 of inline#1 script in http://path/to/file.js\n         foo();\n',
    frames: [
      [null, 'http://path/to/file.js', 42, null],
      [null, 'http://path/to/file.js', 27, null],
      ['printStackTrace', 'http://path/to/file.js', 18, null],
      ['bar', 'http://path/to/file.js', 4, null],
      ['bar', 'http://path/to/file.js', 7, null],
      ['foo', 'http://path/to/file.js', 11, null],
      [null, 'http://path/to/file.js', 15, null],
    ],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'javascriptcore very simple',
    stack: 'global code@stack_traces/test:83:55',
    frames: [['global code', 'stack_traces/test', 83, 55]],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'react native ios (indented, blank lines)',
    stack:
      '\n      _exampleFunction@/home/test/project/App.js:125:13\n      _depRunCallbacks@/home/test/project/node_modules/dep/index.js:77:45\n      tryCallTwo@/home/test/project/node_modules/react-native/node_modules/promise/lib/core.js:45:5\n      doResolve@/home/test/project/node_modules/react-native/node_modules/promise/lib/core.js:200:13\n    ',
    frames: [
      ['_exampleFunction', '/home/test/project/App.js', 125, 13],
      ['_depRunCallbacks', '/home/test/project/node_modules/dep/index.js', 77, 45],
      ['tryCallTwo', '/home/test/project/node_modules/react-native/node_modules/promise/lib/core.js', 45, 5],
      ['doResolve', '/home/test/project/node_modules/react-native/node_modules/promise/lib/core.js', 200, 13],
    ],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'node repl',
    stack:
      'ReferenceError: test is not defined\n    at repl:1:2\n    at REPLServer.self.eval (repl.js:110:21)\n    at Interface.<anonymous> (repl.js:239:12)\n    at Interface.EventEmitter.emit (events.js:95:17)\n    at emitKey (readline.js:1095:12)',
    frames: [
      [null, 'repl', 1, 2],
      ['REPLServer.self.eval', 'repl.js', 110, 21],
      ['Interface.<anonymous>', 'repl.js', 239, 12],
      ['Interface.EventEmitter.emit', 'events.js', 95, 17],
      ['emitKey', 'readline.js', 1095, 12],
    ],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'node timers',
    stack:
      'ReferenceError: breakDown is not defined\n    at null._onTimeout (repl:1:25)\n    at Timer.listOnTimeout [as ontimeout] (timers.js:110:15)',
    frames: [
      ['null._onTimeout', 'repl', 1, 25],
      ['Timer.listOnTimeout [as ontimeout]', 'timers.js', 110, 15],
    ],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'node 12 async',
    stack:
      'Error: Just an Exception\n    at promiseMe (/home/xyz/hack/asyncnode.js:11:9)\n    at async main (/home/xyz/hack/asyncnode.js:15:13)',
    frames: [
      ['promiseMe', '/home/xyz/hack/asyncnode.js', 11, 9],
      ['async main', '/home/xyz/hack/asyncnode.js', 15, 13],
    ],
  },
  {
    source: 'errwischt/stacktrace-parser test',
    name: 'chrome 76 anonymous script',
    stack: 'Error: BEEP BEEP\n    at bar (<anonymous>:8:9)\n    at async foo (<anonymous>:2:3)',
    frames: [
      ['bar', '<anonymous>', 8, 9],
      ['async foo', '<anonymous>', 2, 3],
    ],
  },
  {
    source: 'facebook/react-native jserrorhandler StackTraceParser test',
    name: 'node windows paths, bare `at <anonymous>`',
    stack:
      'Error\n    at Spect.get (C:\\projects\\spect\\src\\index.js:161:26)\n    at Object.get (C:\\projects\\spect\\src\\index.js:43:36)\n    at <anonymous>\n    at (anonymous function).then (C:\\projects\\spect\\src\\index.js:165:33)\n    at process.runNextTicks [as _tickCallback] (internal/process/task_queues.js:52:5)\n    at C:\\projects\\spect\\node_modules\\esm\\esm.js:1:34535\n    at C:\\projects\\spect\\node_modules\\esm\\esm.js:1:34176\n    at process.<anonymous> (C:\\projects\\spect\\node_modules\\esm\\esm.js:1:34506)\n    at Function.<anonymous> (C:\\projects\\spect\\node_modules\\esm\\esm.js:1:296856)\n    at Function.<anonymous> (C:\\projects\\spect\\node_modules\\esm\\esm.js:1:296555)',
    frames: [
      ['Spect.get', 'C:\\projects\\spect\\src\\index.js', 161, 26],
      ['Object.get', 'C:\\projects\\spect\\src\\index.js', 43, 36],
      ['(anonymous function).then', 'C:\\projects\\spect\\src\\index.js', 165, 33],
      ['process.runNextTicks [as _tickCallback]', 'internal/process/task_queues.js', 52, 5],
      [null, 'C:\\projects\\spect\\node_modules\\esm\\esm.js', 1, 34535],
      [null, 'C:\\projects\\spect\\node_modules\\esm\\esm.js', 1, 34176],
      ['process.<anonymous>', 'C:\\projects\\spect\\node_modules\\esm\\esm.js', 1, 34506],
      ['Function.<anonymous>', 'C:\\projects\\spect\\node_modules\\esm\\esm.js', 1, 296856],
      ['Function.<anonymous>', 'C:\\projects\\spect\\node_modules\\esm\\esm.js', 1, 296555],
    ],
  },
  {
    source: 'facebook/react-native jserrorhandler StackTraceParser test',
    name: 'node windows paths with spaces',
    stack:
      'Error\n    at Spect.get (C:\\project files\\spect\\src\\index.js:161:26)\n    at Object.get (C:\\project files\\spect\\src\\index.js:43:36)\n    at <anonymous>\n    at (anonymous function).then (C:\\project files\\spect\\src\\index.js:165:33)\n    at process.runNextTicks [as _tickCallback] (internal/process/task_queues.js:52:5)\n    at C:\\project files\\spect\\node_modules\\esm\\esm.js:1:34535\n    at C:\\project files\\spect\\node_modules\\esm\\esm.js:1:34176\n    at process.<anonymous> (C:\\project files\\spect\\node_modules\\esm\\esm.js:1:34506)\n    at Function.<anonymous> (C:\\project files\\spect\\node_modules\\esm\\esm.js:1:296856)\n    at Function.<anonymous> (C:\\project files\\spect\\node_modules\\esm\\esm.js:1:296555)',
    frames: [
      ['Spect.get', 'C:\\project files\\spect\\src\\index.js', 161, 26],
      ['Object.get', 'C:\\project files\\spect\\src\\index.js', 43, 36],
      ['(anonymous function).then', 'C:\\project files\\spect\\src\\index.js', 165, 33],
      ['process.runNextTicks [as _tickCallback]', 'internal/process/task_queues.js', 52, 5],
      [null, 'C:\\project files\\spect\\node_modules\\esm\\esm.js', 1, 34535],
      [null, 'C:\\project files\\spect\\node_modules\\esm\\esm.js', 1, 34176],
      ['process.<anonymous>', 'C:\\project files\\spect\\node_modules\\esm\\esm.js', 1, 34506],
      ['Function.<anonymous>', 'C:\\project files\\spect\\node_modules\\esm\\esm.js', 1, 296856],
      ['Function.<anonymous>', 'C:\\project files\\spect\\node_modules\\esm\\esm.js', 1, 296555],
    ],
  },
  {
    source: 'facebook/react-native jserrorhandler StackTraceParser test',
    name: 'unbalanced parenthesis and anonymous sources',
    stack: 'x\nat new <anonymous> (http://www.example.com/test.js:2:1\nat <anonymous>:1:2\n',
    frames: [
      ['new <anonymous>', 'http://www.example.com/test.js', 2, 1],
      [null, '<anonymous>', 1, 2],
    ],
  },
  {
    source: 'TraceKit-derived computeStackTrace tests',
    name: 'anonymous constructors and new Promise',
    stack:
      '  Error: This is an error\n    at new <anonymous> (http://example.com/js/test.js:63:1)\n    at namedFunc0 (http://example.com/js/script.js:10:2)\n    at http://example.com/js/test.js:65:10\n    at new Promise (<anonymous>)\n    at namedFunc2 (http://example.com/js/script.js:20:5)\n    at http://example.com/js/test.js:67:5\n    at namedFunc4 (http://example.com/js/script.js:100001:10002)',
    frames: [
      ['new <anonymous>', 'http://example.com/js/test.js', 63, 1],
      ['namedFunc0', 'http://example.com/js/script.js', 10, 2],
      [null, 'http://example.com/js/test.js', 65, 10],
      ['new Promise', '<anonymous>', null, null],
      ['namedFunc2', 'http://example.com/js/script.js', 20, 5],
      [null, 'http://example.com/js/test.js', 67, 5],
      ['namedFunc4', 'http://example.com/js/script.js', 100001, 10002],
    ],
  },
  {
    source: 'TraceKit-derived computeStackTrace tests',
    name: 'chrome console evaluation',
    stack:
      'Error\n    at Console.console.log (<anonymous>:14:27)\n    at abc (<anonymous>:2:25)\n    at <anonymous>:2:1\n    at Object.InjectedScript._evaluateOn (<anonymous>:878:140)',
    frames: [
      ['Console.console.log', '<anonymous>', 14, 27],
      ['abc', '<anonymous>', 2, 25],
      [null, '<anonymous>', 2, 1],
      ['Object.InjectedScript._evaluateOn', '<anonymous>', 878, 140],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'no space before the parenthesis',
    stack:
      'TypeError: x is undefined\n    at Foo.bar(webpack:///./src/x.jsx?:12:34)\n    at Object.baz(webpack-internal:///./src/pages/index.tsx:8:3)',
    frames: [
      ['Foo.bar', 'webpack:///./src/x.jsx?', 12, 34],
      ['Object.baz', 'webpack-internal:///./src/pages/index.tsx', 8, 3],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'windows paths with spaces in parentheses and file URLs',
    stack:
      'Error: boom\n    at Object.<anonymous> (C:\\Program Files\\My App\\resources\\app\\main.js:10:5)\n    at load (file:///C:/Program%20Files/My%20App/index.mjs:3:1)\n    at D:\\work dir\\x.js:7:9',
    frames: [
      ['Object.<anonymous>', 'C:\\Program Files\\My App\\resources\\app\\main.js', 10, 5],
      ['load', 'file:///C:/Program%20Files/My%20App/index.mjs', 3, 1],
      [null, 'D:\\work dir\\x.js', 7, 9],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'browser extensions',
    stack:
      'Error: x\n    at chrome-extension://abcdefghijklmnopabcdefghijklmnop/content.js:12:34\n    at Object.inject (chrome-extension://abcdefghijklmnopabcdefghijklmnop/inject.js:1:2)\n    at moz (moz-extension://0f1e2d3c-1111-2222-3333-444455556666/cs.js:5:6)',
    frames: [
      [null, 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/content.js', 12, 34],
      ['Object.inject', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/inject.js', 1, 2],
      ['moz', 'moz-extension://0f1e2d3c-1111-2222-3333-444455556666/cs.js', 5, 6],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'firefox extension and async frames',
    stack:
      'inject@moz-extension://0f1e2d3c-1111-2222-3333-444455556666/cs.js:5:6\nasync*load@https://app.test/assets/index-DiwrgTda.js:1:2044\nEventListener.handleEvent*@https://app.test/assets/index-DiwrgTda.js:3:10\nrun/<@https://app.test/assets/index-DiwrgTda.js:4:11',
    frames: [
      ['inject', 'moz-extension://0f1e2d3c-1111-2222-3333-444455556666/cs.js', 5, 6],
      ['load', 'https://app.test/assets/index-DiwrgTda.js', 1, 2044],
      ['EventListener.handleEvent*', 'https://app.test/assets/index-DiwrgTda.js', 3, 10],
      ['run/<', 'https://app.test/assets/index-DiwrgTda.js', 4, 11],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'node async, Promise.all index, node: internals and ESM',
    stack:
      'Error: nope\n    at fetchUser (file:///srv/app/src/users.mjs:14:11)\n    at async Promise.all (index 0)\n    at async main (file:///srv/app/src/index.mjs:5:3)\n    at ModuleJob.run (node:internal/modules/esm/module_job:195:25)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    frames: [
      ['fetchUser', 'file:///srv/app/src/users.mjs', 14, 11],
      ['async Promise.all', 'index 0', null, null],
      ['async main', 'file:///srv/app/src/index.mjs', 5, 3],
      ['ModuleJob.run', 'node:internal/modules/esm/module_job', 195, 25],
      ['process.processTicksAndRejections', 'node:internal/process/task_queues', 95, 5],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'eval at anonymous and new inside eval',
    stack:
      'Error: e\n    at eval (eval at <anonymous> (https://app.test/a.js:1:2), <anonymous>:3:4)\n    at new Foo (eval at bar (https://app.test/b.js:10:5), <anonymous>:1:1)\n    at Array.map (<anonymous>)\n    at https://app.test/a.js:9:9',
    frames: [
      ['eval', 'https://app.test/a.js', 1, 2],
      ['new Foo', 'https://app.test/b.js', 10, 5],
      ['Array.map', '<anonymous>', null, null],
      [null, 'https://app.test/a.js', 9, 9],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'vite dev server with query strings',
    stack:
      'TypeError: Cannot read properties of undefined\n    at Settings (http://localhost:5173/src/pages/Settings.tsx?t=1700000000000:42:17)\n    at renderWithHooks (http://localhost:5173/node_modules/.vite/deps/chunk-QJV3R4PZ.js?v=8a9d4b2c:11548:26)',
    frames: [
      ['Settings', 'http://localhost:5173/src/pages/Settings.tsx?t=1700000000000', 42, 17],
      [
        'renderWithHooks',
        'http://localhost:5173/node_modules/.vite/deps/chunk-QJV3R4PZ.js?v=8a9d4b2c',
        11548,
        26,
      ],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'hermes with URLs and native frames',
    stack:
      'Error: x\n    at anonymous (http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&minify=false:1:2)\n    at call (native)\n    at tryCallOne (address at InternalBytecode.js:1:1180)\n    at apply (native)',
    frames: [
      ['anonymous', 'http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&minify=false', 1, 2],
      ['call', 'native', null, null],
      ['tryCallOne', 'InternalBytecode.js', 1, 1180],
      ['apply', 'native', null, null],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'safari module code, bare names and native frames',
    stack:
      'module code@https://app.test/assets/index.js:10:20\nforEach@[native code]\nasyncFunctionResume@[native code]\n@https://app.test/assets/index.js:1:1\n[native code]',
    frames: [
      ['module code', 'https://app.test/assets/index.js', 10, 20],
      ['forEach', '[native code]', null, null],
      ['asyncFunctionResume', '[native code]', null, null],
      [null, 'https://app.test/assets/index.js', 1, 1],
      [null, '[native code]', null, null],
    ],
  },
  {
    source: 'Suture (written for this corpus)',
    name: 'crlf line endings and tabs',
    stack: 'Error: x\r\n\tat a (https://app.test/a.js:1:2)\r\n\tat https://app.test/b.js:3:4\r\n',
    frames: [
      ['a', 'https://app.test/a.js', 1, 2],
      [null, 'https://app.test/b.js', 3, 4],
    ],
  },
]
