// [blox] Added file: the part of CongoServer's API the tests use.
import type { Server } from "node:net";
export interface CongoServerOptions {
  /** Default 27017; 0 picks a free port (see `port`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}
export declare class CongoServer {
  constructor(options?: CongoServerOptions);
  /** The listening socket, once started. */
  server: Server | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** mongodb://host:port of the bound port. */
  getConnectionUri(): string;
  readonly running: boolean;
  readonly port: number;
  readonly host: string;
}
