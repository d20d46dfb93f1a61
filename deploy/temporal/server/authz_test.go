package main

import (
	"crypto/x509/pkix"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/authorization"
)

const ws = "/temporal.api.workflowservice.v1.WorkflowService/"

func claimsFor(t *testing.T, p *Policy, cn string) *authorization.Claims {
	t.Helper()
	c, err := (&claimMapper{policy: p}).GetClaims(&authorization.AuthInfo{TLSSubject: &pkix.Name{CommonName: cn}, AuthToken: "Bearer anything"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRolesByCertificate(t *testing.T) {
	p, err := PolicyFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	a := &authorizer{policy: p}
	cases := queue("cases")
	sticky := &taskqueuepb.TaskQueue{Name: "host-1234", Kind: enumspb.TASK_QUEUE_KIND_STICKY, NormalName: "cases"}
	for _, c := range []struct {
		cn, method, ns string
		req            any
		ok             bool
	}{
		// Temporal UI: reads only.
		{"ui", "DescribeWorkflowExecution", "default", nil, true},
		{"ui", "ListWorkflowExecutions", "default", nil, true},
		{"ui", "GetWorkflowExecutionHistory", "default", nil, true},
		{"ui", "GetWorkflowExecutionHistoryReverse", "default", nil, true},
		{"ui", "QueryWorkflow", "default", nil, true},
		{"ui", "GetClusterInfo", "", nil, true},
		{"ui", "TerminateWorkflowExecution", "default", nil, false},
		{"ui", "StartBatchOperation", "default", nil, false},
		{"ui", "SignalWorkflowExecution", "default", nil, false},
		{"ui", "ResetWorkflowExecution", "default", nil, false},
		{"ui", "DeleteWorkflowExecution", "default", nil, false},
		{"ui", "UpdateWorkflowExecution", "default", nil, false},
		{"ui", "StartWorkflowExecution", "default", &workflowservice.StartWorkflowExecutionRequest{TaskQueue: cases}, false},
		{"ui", "DescribeWorkflowExecution", "temporal-system", nil, false},
		// The worker: its task queue only.
		{"worker", "PollWorkflowTaskQueue", "default", &workflowservice.PollWorkflowTaskQueueRequest{TaskQueue: cases}, true},
		{"worker", "PollWorkflowTaskQueue", "default", &workflowservice.PollWorkflowTaskQueueRequest{TaskQueue: sticky}, true},
		{"worker", "PollActivityTaskQueue", "default", &workflowservice.PollActivityTaskQueueRequest{TaskQueue: queue("other")}, false},
		{"worker", "RespondWorkflowTaskCompleted", "default", nil, true},
		{"worker", "TerminateWorkflowExecution", "default", nil, false},
		{"worker", "UpdateWorkflowExecution", "default", nil, false},
		// The API: starts on its queue and messages cases; no terminate, reset, delete or batch.
		{"api", "StartWorkflowExecution", "default", &workflowservice.StartWorkflowExecutionRequest{TaskQueue: cases}, true},
		{"api", "StartWorkflowExecution", "default", &workflowservice.StartWorkflowExecutionRequest{TaskQueue: queue("elsewhere")}, false},
		{"api", "SignalWorkflowExecution", "default", nil, true},
		{"api", "UpdateWorkflowExecution", "default", nil, true},
		{"api", "PollWorkflowExecutionUpdate", "default", nil, true},
		{"api", "QueryWorkflow", "default", nil, true},
		{"api", "TerminateWorkflowExecution", "default", nil, false},
		{"api", "ResetWorkflowExecution", "default", nil, false},
		{"api", "StartBatchOperation", "default", nil, false},
		{"api", "PollWorkflowTaskQueue", "default", &workflowservice.PollWorkflowTaskQueueRequest{TaskQueue: cases}, false},
		// Administrators and the server's own system workers: everything.
		{"admin", "TerminateWorkflowExecution", "default", nil, true},
		{"admin", "StartBatchOperation", "default", nil, true},
		{"internal", "StartWorkflowExecution", "temporal-system", &workflowservice.StartWorkflowExecutionRequest{TaskQueue: queue("temporal-sys-batcher")}, true},
		// A certificate of our CA that names no role: nothing but the health check.
		{"stranger", "DescribeWorkflowExecution", "default", nil, false},
		{"stranger", "GetSystemInfo", "", nil, true},
	} {
		got := a.decide(claimsFor(t, p, c.cn), &authorization.CallTarget{APIName: ws + c.method, Namespace: c.ns, Request: c.req})
		if (got.Decision == authorization.DecisionAllow) != c.ok {
			t.Errorf("%s %s in %q: allowed=%v, want %v (%s)", c.cn, c.method, c.ns, !c.ok, c.ok, got.Reason)
		}
	}
	// Operator commands (search attributes, namespaces) are the admin's; their reads are everyone's.
	op := "/temporal.api.operatorservice.v1.OperatorService/"
	if got := a.decide(claimsFor(t, p, "api"), &authorization.CallTarget{APIName: op + "AddSearchAttributes", Namespace: "default"}); got.Decision == authorization.DecisionAllow {
		t.Error("api may add search attributes")
	}
	if got := a.decide(claimsFor(t, p, "ui"), &authorization.CallTarget{APIName: op + "ListSearchAttributes", Namespace: "default"}); got.Decision != authorization.DecisionAllow {
		t.Errorf("ui may not list search attributes: %s", got.Reason)
	}
	if got := a.decide(claimsFor(t, p, "ui"), &authorization.CallTarget{APIName: "/temporal.server.api.adminservice.v1.AdminService/DescribeMutableState", Namespace: "default"}); got.Decision == authorization.DecisionAllow {
		t.Error("ui may call the admin service")
	}
	// No certificate: nothing.
	if got := a.decide(nil, &authorization.CallTarget{APIName: ws + "ListWorkflowExecutions", Namespace: "default"}); got.Decision == authorization.DecisionAllow {
		t.Error("a call without claims was allowed")
	}
}

func TestPolicyFromEnv(t *testing.T) {
	env := map[string]string{"AUTHZ_CERT_ROLES": "ops.example=admin, ui.example = reader", "AUTHZ_NAMESPACES": "cases-prod", "AUTHZ_TASK_QUEUES": "a,b"}
	p, err := PolicyFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if p.Roles["ops.example"] != RoleAdmin || p.Roles["ui.example"] != RoleReader || p.Roles["ui"] != "" {
		t.Errorf("roles: %v", p.Roles)
	}
	if !p.Namespaces["cases-prod"] || p.Namespaces["default"] || !p.TaskQueues["b"] {
		t.Errorf("namespaces %v, task queues %v", p.Namespaces, p.TaskQueues)
	}
	if _, err := PolicyFromEnv(func(k string) string { return map[string]string{"AUTHZ_CERT_ROLES": "ui=superuser"}[k] }); err == nil {
		t.Error("an unknown role was accepted")
	}
}

func queue(name string) *taskqueuepb.TaskQueue { return &taskqueuepb.TaskQueue{Name: name} }
