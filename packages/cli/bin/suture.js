#!/usr/bin/env node
// A committed shim so pnpm can link the bin before the first build.
await import('../dist/main.js')
