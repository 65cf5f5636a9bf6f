// An ECSClient for talking to a real (local) ECS endpoint from the test
// process. Other test files use aws-sdk-client-mock, whose mockClient(ECSClient)
// stubs ECSClient.prototype.send for every instance from the moment their
// describe() runs (at load, before any test of this directory runs). This
// client sends through the SDK's own Client.prototype.send, so such a stub
// does not intercept it.

import { ECSClient } from "@aws-sdk/client-ecs";

/** A client of the endpoint at `url` with dummy credentials, immune to prototype-level mocks of ECSClient. */
export function realEcsClient(url: string): ECSClient {
  const client = new ECSClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
  // ECSClient defines no send of its own; a mock adds one on its prototype.
  const sdkSend = (Object.getPrototypeOf(ECSClient.prototype) as { send: ECSClient["send"] }).send;
  Object.defineProperty(client, "send", { value: sdkSend.bind(client), configurable: true, writable: true });
  return client;
}
