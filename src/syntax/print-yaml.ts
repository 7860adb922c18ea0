/** Tree -> YAML of the Junos JSON shape (see print-json.ts). */
export { printYaml } from './print-json.js';
