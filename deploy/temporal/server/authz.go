// Who may do what on our Temporal server, decided on the server: the frontend's mutual TLS proves
// which of our certificates a caller holds, and its common name (CN) is the caller's role.
//
//	reader  (Temporal UI)       reads only: describe, list, count, history, query, schedules' state
//	worker  (our worker)        reads; polls and answers the tasks of its task queues; creates and
//	                            updates our schedules; starts and signals workflows on its queues
//	api     (our API)           reads; starts cases on its task queues and messages them (signal,
//	                            update, update-with-start); never terminates, resets or deletes
//	admin   (operators' CLI)    everything, operator commands included
//	system  (the server's own   everything: batch operations, schedules and the scanner run as
//	         system workers)    this identity
//
// A certificate whose CN names no role, or no certificate, gets nothing. The read-only UI is read-
// only here, whatever its own filter lets through (TEMPORAL_DISABLE_WRITE_ACTIONS is a filter in the
// UI server, not a boundary).
//
// Environment (defaults match deploy/tls/make-certs.sh and docker-compose.yml):
//
//	AUTHZ_CERT_ROLES   "cn=role,…"  default "ui=reader,worker=worker,api=api,admin=admin,internal=system"
//	AUTHZ_NAMESPACES   namespaces the non-admin roles may touch, default "default"
//	AUTHZ_TASK_QUEUES  task queues the worker may poll and workflows may be started on, default "cases"
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	schedulepb "go.temporal.io/api/schedule/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/api"
	"go.temporal.io/server/common/authorization"
)

type Role string

const (
	RoleReader Role = "reader"
	RoleWorker Role = "worker"
	RoleAPI    Role = "api"
	RoleAdmin  Role = "admin"
	RoleSystem Role = "system"
)

const (
	workflowService = "temporal.api.workflowservice.v1.WorkflowService"
	operatorService = "temporal.api.operatorservice.v1.OperatorService"
)

// What each role may call besides reads (WorkflowService methods).
var writes = map[Role]map[string]bool{
	RoleWorker: set(
		"PollWorkflowTaskQueue", "RespondWorkflowTaskCompleted", "RespondWorkflowTaskFailed",
		"PollActivityTaskQueue", "RecordActivityTaskHeartbeat", "RespondActivityTaskCompleted",
		"RespondActivityTaskFailed", "RespondActivityTaskCanceled", "RespondQueryTaskCompleted",
		"ResetStickyTaskQueue", "ShutdownWorker", "RecordWorkerHeartbeat",
		// schedules/ (created at the worker's start) and the activities that start a town's month
		// or tell a consultation's cases about a session
		"CreateSchedule", "UpdateSchedule", "StartWorkflowExecution", "SignalWorkflowExecution",
	),
	RoleAPI: set(
		"StartWorkflowExecution", "ExecuteMultiOperation", "SignalWorkflowExecution",
		"SignalWithStartWorkflowExecution", "UpdateWorkflowExecution",
	),
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Policy is the whole configuration of the authorizer and the claim mapper.
type Policy struct {
	Roles      map[string]Role // by certificate CN
	Namespaces map[string]bool
	TaskQueues map[string]bool
}

func parseList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// PolicyFromEnv reads AUTHZ_CERT_ROLES, AUTHZ_NAMESPACES and AUTHZ_TASK_QUEUES.
func PolicyFromEnv(getenv func(string) string) (*Policy, error) {
	or := func(k, d string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return d
	}
	p := &Policy{Roles: map[string]Role{}, Namespaces: map[string]bool{}, TaskQueues: map[string]bool{}}
	for _, kv := range parseList(or("AUTHZ_CERT_ROLES", "ui=reader,worker=worker,api=api,admin=admin,internal=system")) {
		cn, role, ok := strings.Cut(kv, "=")
		r := Role(strings.TrimSpace(role))
		switch r {
		case RoleReader, RoleWorker, RoleAPI, RoleAdmin, RoleSystem:
		default:
			ok = false
		}
		if !ok || strings.TrimSpace(cn) == "" {
			return nil, fmt.Errorf("AUTHZ_CERT_ROLES: %q is not cn=reader|worker|api|admin|system", kv)
		}
		p.Roles[strings.TrimSpace(cn)] = r
	}
	for _, ns := range parseList(or("AUTHZ_NAMESPACES", "default")) {
		p.Namespaces[ns] = true
	}
	for _, q := range parseList(or("AUTHZ_TASK_QUEUES", "cases")) {
		p.TaskQueues[q] = true
	}
	return p, nil
}

// ---- claim mapper: certificate -> role ----

type claimMapper struct{ policy *Policy }

var _ authorization.ClaimMapper = (*claimMapper)(nil)
var _ authorization.ClaimMapperWithAuthInfoRequired = (*claimMapper)(nil)

// GetClaims maps the verified client certificate's CN to its role. A bearer token (the UI forwards
// any Authorization header it is sent) counts for nothing.
func (m *claimMapper) GetClaims(info *authorization.AuthInfo) (*authorization.Claims, error) {
	if info == nil || info.TLSSubject == nil {
		return &authorization.Claims{}, nil
	}
	cn := info.TLSSubject.CommonName
	return &authorization.Claims{Subject: cn, Extensions: m.policy.Roles[cn]}, nil
}

// AuthInfoRequired: without a certificate there is nothing to map (and nothing is allowed).
func (m *claimMapper) AuthInfoRequired() bool { return true }

// ---- authorizer ----

type authorizer struct{ policy *Policy }

var _ authorization.Authorizer = (*authorizer)(nil)

var allow = authorization.Result{Decision: authorization.DecisionAllow}

func deny(format string, a ...any) authorization.Result {
	return authorization.Result{Decision: authorization.DecisionDeny, Reason: fmt.Sprintf(format, a...)}
}

func roleOf(c *authorization.Claims) (Role, string) {
	if c == nil {
		return "", ""
	}
	r, _ := c.Extensions.(Role)
	return r, c.Subject
}

func (a *authorizer) Authorize(_ context.Context, claims *authorization.Claims, t *authorization.CallTarget) (authorization.Result, error) {
	return a.decide(claims, t), nil
}

func (a *authorizer) decide(claims *authorization.Claims, t *authorization.CallTarget) authorization.Result {
	if authorization.IsHealthCheckAPI(t.APIName) {
		return allow
	}
	role, cn := roleOf(claims)
	switch role {
	case RoleAdmin, RoleSystem:
		return allow
	case "":
		return deny("certificate %q has no role", cn)
	}
	service, method := splitAPIName(t.APIName)
	md := api.GetMethodMetadata(t.APIName)
	if md.Scope == api.ScopeNamespace && !a.policy.Namespaces[t.Namespace] {
		return deny("%s may not use namespace %q", role, t.Namespace)
	}
	if md.Access == api.AccessReadOnly && (service == workflowService || service == operatorService) {
		return allow
	}
	if service != workflowService || !writes[role][method] {
		return deny("%s may not call %s", role, method)
	}
	for _, q := range taskQueuesOf(t.Request) {
		if !a.policy.TaskQueues[q] {
			return deny("%s may not use task queue %q", role, q)
		}
	}
	return allow
}

func splitAPIName(full string) (service, method string) {
	full = strings.TrimPrefix(full, "/")
	i := strings.LastIndex(full, "/")
	if i < 0 {
		return "", full
	}
	return full[:i], full[i+1:]
}

// The task queues a request polls or starts work on (a sticky queue counts as its worker's queue).
func taskQueuesOf(req any) []string {
	name := func(tq *taskqueuepb.TaskQueue) string {
		if tq.GetKind() == enumspb.TASK_QUEUE_KIND_STICKY {
			return tq.GetNormalName()
		}
		return tq.GetName()
	}
	fromSchedule := func(s *schedulepb.Schedule) []string {
		if sw := s.GetAction().GetStartWorkflow(); sw != nil {
			return []string{name(sw.GetTaskQueue())}
		}
		return nil
	}
	switch r := req.(type) {
	case *workflowservice.PollWorkflowTaskQueueRequest:
		return []string{name(r.GetTaskQueue())}
	case *workflowservice.PollActivityTaskQueueRequest:
		return []string{name(r.GetTaskQueue())}
	case *workflowservice.StartWorkflowExecutionRequest:
		return []string{name(r.GetTaskQueue())}
	case *workflowservice.SignalWithStartWorkflowExecutionRequest:
		return []string{name(r.GetTaskQueue())}
	case *workflowservice.ExecuteMultiOperationRequest:
		var qs []string
		for _, op := range r.GetOperations() {
			if sw := op.GetStartWorkflow(); sw != nil {
				qs = append(qs, name(sw.GetTaskQueue()))
			}
		}
		return qs
	case *workflowservice.CreateScheduleRequest:
		return fromSchedule(r.GetSchedule())
	case *workflowservice.UpdateScheduleRequest:
		return fromSchedule(r.GetSchedule())
	}
	return nil
}

func newPolicyFromProcessEnv() (*Policy, error) { return PolicyFromEnv(os.Getenv) }
