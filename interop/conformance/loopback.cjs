// Keeps the official conformance suite on loopback. Loaded with `node -r ./loopback.cjs`
// into the suite's own process only (never through NODE_OPTIONS, so the clients under
// test that the suite spawns are not touched).
//
// Why: the suite's mocks call `app.listen(0)` (helpers/serverLifecycle.ts), which binds
// every interface, and one scenario (auth/offline-access-scope) fetches whatever URL a
// client used as its CIMD client_id when it stops. This module
//
// - binds every TCP `listen()` to 127.0.0.1 instead of the host it was given. The suite
//   reads `server.address().port` synchronously right after `listen(0)`, and Node binds
//   synchronously only when no host is given (any host, even an IP literal, goes through
//   an asynchronous lookup first), so the socket is bound here, on a handle, and that
//   handle is passed to `listen()`;
// - refuses every outgoing TCP connection to a host that is not loopback (a name other
//   than "localhost", or an address outside 127.0.0.0/8 and ::1), with an error on the
//   socket, and says so on stderr. Unix sockets and inherited handles are left alone.
//
// It changes nothing else, and prints one line per refused connection (host and port
// only, never a path or a query).
'use strict';

const net = require('node:net');

const LOOPBACK_HOST = '127.0.0.1';

/** Whether a connect target is on this machine. */
function isLoopbackHost(host) {
  if (host === undefined || host === null || host === '') {
    // Node connects to localhost when no host is given.
    return true;
  }
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') {
    return true;
  }
  if (h.startsWith('::ffff:')) {
    return isLoopbackHost(h.slice('::ffff:'.length));
  }
  return net.isIPv4(h) && h.split('.')[0] === '127';
}

/**
 * The TCP form of a `listen()` call as `{ port, backlog, callback }`, or undefined for the
 * non-TCP forms (a unix socket path, an existing handle or file descriptor).
 */
function tcpListenCall(args) {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const rest = callback === undefined ? args : args.slice(0, -1);
  const [first, ...more] = rest;
  const isPort = (v) => v === undefined || v === null || typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v));
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined || first.handle !== undefined || first._handle !== undefined || first.fd !== undefined) {
      return undefined;
    }
    if (!isPort(first.port)) {
      return undefined;
    }
    return { port: Number(first.port ?? 0), backlog: first.backlog, callback };
  }
  if (!isPort(first)) {
    return undefined;
  }
  // listen(port[, host][, backlog]): a given host is dropped, the backlog kept.
  const backlog = more.find((v) => typeof v === 'number');
  return { port: Number(first ?? 0), backlog, callback };
}

/**
 * A listening handle bound to 127.0.0.1:port right now, or undefined when that cannot be
 * done synchronously (then the caller falls back to an ordinary, asynchronous bind).
 * Binding here, before `listen()`, is what keeps `address()` usable straight after
 * `listen(0)` returns, as the suite expects.
 */
function boundLoopbackHandle(port) {
  try {
    const { TCP, constants } = process.binding('tcp_wrap');
    const handle = new TCP(constants.SERVER);
    if (handle.bind(LOOPBACK_HOST, port) !== 0) {
      handle.close();
      return undefined;
    }
    return handle;
  } catch {
    return undefined;
  }
}

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const call = tcpListenCall(args);
  if (call === undefined) {
    return originalListen.apply(this, args);
  }
  const tail = [...(call.backlog === undefined ? [] : [call.backlog]), ...(call.callback === undefined ? [] : [call.callback])];
  const handle = boundLoopbackHandle(call.port);
  if (handle !== undefined) {
    return originalListen.call(this, handle, ...tail);
  }
  // Still loopback only, just bound asynchronously (and a bind error is reported on the server).
  return originalListen.call(this, call.port, LOOPBACK_HOST, ...tail);
};

/** The host and port of a `socket.connect()` call, or undefined for non-TCP forms. */
function connectTarget(args) {
  let [first, second] = args;
  if (Array.isArray(first)) {
    // The internal normalized form: [options, cb].
    [first, second] = first;
  }
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined) {
      return undefined;
    }
    return { host: first.host, port: first.port };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' ? second : undefined, port: first };
  }
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectToLoopbackOnly(...args) {
  const target = connectTarget(args);
  if (target !== undefined && !isLoopbackHost(target.host)) {
    const message = `loopback.cjs: refused an outgoing connection to ${target.host}:${target.port} (only loopback is allowed)`;
    process.stderr.write(`${message}\n`);
    const error = Object.assign(new Error(message), { code: 'ECONNREFUSED' });
    // Fail the way a refused connection fails: asynchronously, on the socket.
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};

module.exports = { isLoopbackHost, tcpListenCall, connectTarget };
