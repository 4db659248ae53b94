export { scrubText } from '@suture/envelope'
