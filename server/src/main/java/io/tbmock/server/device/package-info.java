/**
 * The device port: what a device transport asks of tbmock's ThingsBoard core, as ThingsBoard's transports ask
 * its TransportService. A transport authenticates a device, then hands the core what the device sent, as
 * bytes in the payload format the session speaks, and gets typed outcomes back; what the core sends to the
 * device arrives as futures the transport completes its answers from. MQTT is served inside the server module;
 * the HTTP device API, which shares the HTTP server with the REST API, is served through this port alone.
 */
package io.tbmock.server.device;
