/** swagger-ui-dist ships no types; /docs needs only the folder its files are in. */
declare module 'swagger-ui-dist/absolute-path.js' {
  /** The absolute path of the installed swagger-ui-dist folder. */
  export default function getAbsoluteFSPath(): string;
}
