// `npm run generate` (after buf generate): writes gen/python/ and gen/go/.
// A language whose tools are missing is skipped with the reason; the exit code stays 0.

import { fileURLToPath } from "node:url";
import { generateClients } from "./generate-clients.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
for (const result of generateClients({ root })) {
  if (result.skipped) console.warn(`generate-clients: skipped ${result.skipped}`);
  else console.log(`generate-clients: wrote ${result.language} to gen/${result.language}/`);
}
