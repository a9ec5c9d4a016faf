/**
 * Preloaded (`--require`) into the provider host children when the tests run under coverage:
 * a child that ends by a signal writes no V8 coverage, one that exits does. The host is
 * stopped with SIGTERM; this turns that into an exit.
 */
process.on("SIGTERM", () => process.exit(0));
