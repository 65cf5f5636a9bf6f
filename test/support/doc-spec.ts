// The design doc's `create-environment` heredoc, verbatim (comment included):
// the one environment YAML the CLI, client and end-to-end tests all start from.

export const DOC_YAML = `Name: "SomeEnvironment/Prod"
TaskDefinition: "log-daemon:1"
Cluster: "default"
InstanceGroup:
  Query: "attribute:stack == prod"
Deployment:
  Type: Daemon
  Method: "ReplaceThenTerminate" # (or "TerminateThenReplace")
  Configuration:
    MinHealthyPercent: 80
    MaxOverPercent: 25
`;
