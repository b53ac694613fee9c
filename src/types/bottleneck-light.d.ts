// bottleneck/light.js is Bottleneck without its Redis clustering (what plugin-throttling uses);
// it has the same API as the typed main entry.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
