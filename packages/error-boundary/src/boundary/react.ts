// The one place the SDK imports React's runtime values from: a bundler keeps one `import … from 'react'`
// per module that imports React, so importing through here makes it one statement in the app's bundle
// (and `createElement` instead of JSX keeps out a second one from `react/jsx-runtime`).
export { Component, createContext, createElement, useContext, useMemo, useState } from 'react'
