"""The design doc's first steps through the generated Python client (gen/python).

Creates an environment, deploys revision 1, watches until it is Active, shows
that an update on a stale base revision is refused with ABORTED, and describes
the result. Prints one JSON object per step on stdout, so a test can read it.

    PYTHONPATH=gen/python /usr/bin/python3 examples/python/walkthrough.py \
        --endpoint 127.0.0.1:50051 --environment Demo/Python

Needs grpcio and protobuf (Debian: python3-grpcio python3-protobuf).
"""

import argparse
import json
import sys

import grpc

from blox.v1 import environment_pb2 as pb
from blox.v1 import environment_pb2_grpc as rpc


def step(name, **fields):
    print(json.dumps({"step": name, **fields}), flush=True)


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--endpoint", default="127.0.0.1:50051", help="host:port of the Blox server")
    args.add_argument("--environment", default="Demo/Python", help="name of the environment to create")
    args.add_argument("--timeout", type=float, default=60, help="seconds to wait for Active")
    opts = args.parse_args()

    with grpc.insecure_channel(opts.endpoint) as channel:
        blox = rpc.EnvironmentServiceStub(channel)
        name = opts.environment

        created = blox.CreateEnvironment(pb.CreateEnvironmentRequest(spec=pb.EnvironmentSpec(
            name=name,
            task_definition="log-daemon:1",
            cluster="default",
            instance_group=pb.InstanceGroup(query="attribute:stack == prod"),
            deployment=pb.DeploymentPolicy(
                type=pb.DEPLOYMENT_TYPE_DAEMON,
                method=pb.DEPLOYMENT_METHOD_REPLACE_THEN_TERMINATE,
                configuration=pb.DeploymentConfiguration(min_healthy_percent=80, max_over_percent=25),
            ),
        )))
        step("create", revision=created.environment_revision)

        deployed = blox.DeployEnvironment(pb.DeployEnvironmentRequest(environment_name=name, revision=created.environment_revision))
        step("deploy", deployment_id=deployed.deployment_id)

        # A watch starts with a snapshot, then one message per transition.
        seen = []
        watch = blox.WatchEnvironmentStatus(pb.WatchEnvironmentStatusRequest(environment_name=name), timeout=opts.timeout)
        for message in watch:
            if message.kind == pb.WATCH_MESSAGE_KIND_HEARTBEAT:
                continue
            status = message.status
            seen.append(pb.EnvironmentStatus.Name(status.status))
            if status.status == pb.ENVIRONMENT_STATUS_ACTIVE and status.target_revision == created.environment_revision:
                watch.cancel()
                step("active", sequence=message.sequence, healthy=status.healthy, total=status.total, statuses=seen)
                break
        else:
            sys.exit("the watch ended before the environment was Active: " + ", ".join(seen))

        updated = blox.UpdateEnvironment(pb.UpdateEnvironmentRequest(
            environment_name=name, base_revision=created.environment_revision, task_definition="log-daemon:2"))
        step("update", revision=updated.environment_revision)

        # Revision 1 is no longer the latest: the same base is now stale.
        try:
            blox.UpdateEnvironment(pb.UpdateEnvironmentRequest(
                environment_name=name, base_revision=created.environment_revision, task_definition="log-daemon:3"))
            sys.exit("an update on a stale base revision was accepted")
        except grpc.RpcError as err:
            step("stale-update", code=err.code().name, details=err.details())

        described = blox.DescribeEnvironmentStatus(pb.DescribeEnvironmentStatusRequest(environment_name=name, all=True))
        status = described.status
        step("describe",
             status=pb.EnvironmentStatus.Name(status.status),
             target_revision=status.target_revision,
             latest_revision=status.latest_revision,
             healthy=status.healthy,
             total=status.total,
             revisions=[{"revision": r.revision, "status": pb.RevisionStatus.Name(r.status), "task_definition": r.task_definition}
                        for r in status.revisions])


if __name__ == "__main__":
    main()
