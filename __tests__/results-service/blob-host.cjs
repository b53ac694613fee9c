/**
 * Preloaded (`NODE_OPTIONS=--require <this file>`) into the action's process by the end-to-end tests of
 * the v2 Results service: the test's /etc/hosts line. It resolves the blob host of the signed URLs
 * (`devstoreaccount1.blob.core.windows.net`, so that @actions/cache takes the Azure SDK path it takes on
 * github.com) to loopback, where the stand-in's blob proxy in front of Azurite listens. Nothing else
 * of the action's process changes.
 */
const dns = require('node:dns');

const HOST = 'devstoreaccount1.blob.core.windows.net';
const original = dns.lookup;
dns.lookup = function lookup(name, options, callback) {
  if (typeof name === 'string' && name.toLowerCase() === HOST) {
    const cb = typeof options === 'function' ? options : callback;
    const all = typeof options === 'object' && options !== null && options.all;
    if (all) process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
    else process.nextTick(cb, null, '127.0.0.1', 4);
    return {};
  }
  return original.call(this, name, options, callback);
};
