// `@suture/cli/vite`: the Vite plugin alone, without the CLI's storage and server code.

export type { UploadOutcome } from '../sourcemaps/upload-source-maps.js'

export type { SuturePlugin, SutureViteOptions } from './suture-vite-plugin.js'
export { suture } from './suture-vite-plugin.js'
