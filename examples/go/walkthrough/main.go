// Command walkthrough runs the design doc's first steps through the generated
// Go client (gen/go): it creates an environment, deploys revision 1, watches
// until it is Active, shows that an update on a stale base revision is refused
// with ABORTED, and describes the result. It prints one JSON object per step.
//
// It builds offline against Debian's Go packages, in GOPATH mode, with gen/go
// linked at its import path in the GOPATH (from the repository's root):
//
//	mkdir -p /tmp/gopath/src/github.com/blox/blox/gen && ln -s "$PWD/gen/go" /tmp/gopath/src/github.com/blox/blox/gen/go
//	GO111MODULE=off GOPATH=/tmp/gopath:/usr/share/gocode go build -o walkthrough ./examples/go/walkthrough
//	./walkthrough -endpoint 127.0.0.1:50051 -environment Demo/Go
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	bloxv1 "github.com/blox/blox/gen/go/blox/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func step(name string, fields map[string]interface{}) {
	fields["step"] = name
	line, _ := json.Marshal(fields)
	fmt.Println(string(line))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	endpoint := flag.String("endpoint", "127.0.0.1:50051", "host:port of the Blox server")
	name := flag.String("environment", "Demo/Go", "name of the environment to create")
	timeout := flag.Duration("timeout", time.Minute, "how long to wait for Active")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	conn, err := grpc.DialContext(ctx, *endpoint, grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		fail("connect %s: %v", *endpoint, err)
	}
	defer conn.Close()
	blox := bloxv1.NewEnvironmentServiceClient(conn)

	created, err := blox.CreateEnvironment(ctx, &bloxv1.CreateEnvironmentRequest{Spec: &bloxv1.EnvironmentSpec{
		Name:           *name,
		TaskDefinition: "log-daemon:1",
		Cluster:        "default",
		InstanceGroup:  &bloxv1.InstanceGroup{Query: "attribute:stack == prod"},
		Deployment: &bloxv1.DeploymentPolicy{
			Type:   bloxv1.DeploymentType_DEPLOYMENT_TYPE_DAEMON,
			Method: bloxv1.DeploymentMethod_DEPLOYMENT_METHOD_REPLACE_THEN_TERMINATE,
			Configuration: &bloxv1.DeploymentConfiguration{
				MinHealthyPercent: proto.Uint32(80),
				MaxOverPercent:    proto.Uint32(25),
			},
		},
	}})
	if err != nil {
		fail("create: %v", err)
	}
	revision := created.GetEnvironmentRevision()
	step("create", map[string]interface{}{"revision": revision})

	deployed, err := blox.DeployEnvironment(ctx, &bloxv1.DeployEnvironmentRequest{EnvironmentName: *name, Revision: revision})
	if err != nil {
		fail("deploy: %v", err)
	}
	step("deploy", map[string]interface{}{"deployment_id": deployed.GetDeploymentId()})

	// A watch starts with a snapshot, then one message per transition.
	watchCtx, stopWatch := context.WithCancel(ctx)
	watch, err := blox.WatchEnvironmentStatus(watchCtx, &bloxv1.WatchEnvironmentStatusRequest{EnvironmentName: *name})
	if err != nil {
		fail("watch: %v", err)
	}
	seen := []string{}
	for {
		message, err := watch.Recv()
		if err == io.EOF {
			fail("the watch ended before the environment was Active: %v", seen)
		} else if err != nil {
			fail("watch: %v (seen %v)", err, seen)
		}
		if message.GetKind() == bloxv1.WatchMessageKind_WATCH_MESSAGE_KIND_HEARTBEAT {
			continue
		}
		view := message.GetStatus()
		seen = append(seen, view.GetStatus().String())
		if view.GetStatus() == bloxv1.EnvironmentStatus_ENVIRONMENT_STATUS_ACTIVE && view.GetTargetRevision() == revision {
			step("active", map[string]interface{}{"sequence": message.GetSequence(), "healthy": view.GetHealthy(), "total": view.GetTotal(), "statuses": seen})
			break
		}
	}
	stopWatch()

	updated, err := blox.UpdateEnvironment(ctx, &bloxv1.UpdateEnvironmentRequest{
		EnvironmentName: *name, BaseRevision: revision, TaskDefinition: proto.String("log-daemon:2")})
	if err != nil {
		fail("update: %v", err)
	}
	step("update", map[string]interface{}{"revision": updated.GetEnvironmentRevision()})

	// Revision 1 is no longer the latest: the same base is now stale.
	_, err = blox.UpdateEnvironment(ctx, &bloxv1.UpdateEnvironmentRequest{
		EnvironmentName: *name, BaseRevision: revision, TaskDefinition: proto.String("log-daemon:3")})
	if err == nil {
		fail("an update on a stale base revision was accepted")
	}
	refused := status.Convert(err)
	step("stale-update", map[string]interface{}{"code": codeName(refused.Code().String()), "details": refused.Message()})

	described, err := blox.DescribeEnvironmentStatus(ctx, &bloxv1.DescribeEnvironmentStatusRequest{EnvironmentName: *name, All: true})
	if err != nil {
		fail("describe: %v", err)
	}
	view := described.GetStatus()
	revisions := []map[string]interface{}{}
	for _, r := range view.GetRevisions() {
		revisions = append(revisions, map[string]interface{}{"revision": r.GetRevision(), "status": r.GetStatus().String(), "task_definition": r.GetTaskDefinition()})
	}
	step("describe", map[string]interface{}{
		"status":          view.GetStatus().String(),
		"target_revision": view.GetTargetRevision(),
		"latest_revision": view.GetLatestRevision(),
		"healthy":         view.GetHealthy(),
		"total":           view.GetTotal(),
		"revisions":       revisions,
	})
}

// codeName spells a gRPC code as the other clients do ("Aborted" becomes "ABORTED").
func codeName(code string) string {
	out := []rune{}
	lower := false
	for _, r := range code {
		if lower && r >= 'A' && r <= 'Z' {
			out = append(out, '_')
		}
		lower = r >= 'a' && r <= 'z'
		if lower {
			r -= 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}
