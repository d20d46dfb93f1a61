// Our Temporal server: the upstream server (go.temporal.io/server, the version go.mod pins) with an
// authorizer and a claim mapper of our own (authz.go) instead of the default "anyone with a
// certificate may do anything". The command line is upstream's:
//
//	temporal-server --root DIR --config config --env production start
//
// Built by `npm run test:production` (scripts/production/tools.ts, cached under .tools/ by a hash of
// this folder) and by deploy/temporal/server/Dockerfile for docker-compose.yml.
package main

import (
	"fmt"
	"os"
	"path"
	_ "time/tzdata" // a fallback when the image has no zoneinfo

	"github.com/urfave/cli/v2"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/headers"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql" // the postgres12 plugin
	"go.temporal.io/server/temporal"
)

func main() {
	app := &cli.App{
		Name:      "temporal-server",
		Usage:     "Temporal server with the case system's certificate roles",
		Version:   headers.ServerVersion,
		ArgsUsage: " ",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "root", Aliases: []string{"r"}, Value: ".", Usage: "root directory of execution environment", EnvVars: []string{config.EnvKeyRoot}},
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Value: "config", Usage: "config dir path relative to root", EnvVars: []string{config.EnvKeyConfigDir}},
			&cli.StringFlag{Name: "env", Aliases: []string{"e"}, Value: "development", Usage: "runtime environment", EnvVars: []string{config.EnvKeyEnvironment}},
			&cli.StringFlag{Name: "zone", Aliases: []string{"az"}, Usage: "availability zone", EnvVars: []string{config.EnvKeyAvailabilityZone}},
		},
		Commands: []*cli.Command{
			{
				Name:  "policy",
				Usage: "Print the certificate roles this server would apply (from AUTHZ_* variables)",
				Action: func(c *cli.Context) error {
					p, err := newPolicyFromProcessEnv()
					if err != nil {
						return cli.Exit(err.Error(), 1)
					}
					fmt.Printf("roles by certificate CN: %v\nnamespaces: %v\ntask queues: %v\n", p.Roles, keys(p.Namespaces), keys(p.TaskQueues))
					return nil
				},
			},
			{
				Name:  "start",
				Usage: "Start the Temporal server",
				Action: func(c *cli.Context) error {
					return start(c.String("root"), c.String("config"), c.String("env"), c.String("zone"))
				},
			},
		},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func start(root, configDir, env, zone string) error {
	policy, err := newPolicyFromProcessEnv()
	if err != nil {
		return cli.Exit(err.Error(), 1)
	}
	cfg, err := config.LoadConfig(env, path.Join(root, configDir), zone)
	if err != nil {
		return cli.Exit(fmt.Sprintf("Unable to load configuration: %v.", err), 1)
	}
	// The roles rest on the client certificate: without mutual TLS on the frontend every call would
	// be refused, so say so at once instead.
	if !cfg.Global.TLS.Frontend.Server.RequireClientAuth {
		return cli.Exit("global.tls.frontend.server.requireClientAuth must be true: roles come from client certificates", 1)
	}
	logger := log.NewZapLogger(log.BuildZapLogger(cfg.Log))
	logger.Info("Certificate roles", tag.NewAnyTag("roles", policy.Roles), tag.NewAnyTag("namespaces", keys(policy.Namespaces)), tag.NewAnyTag("task-queues", keys(policy.TaskQueues)))

	var dc dynamicconfig.Client = dynamicconfig.NewNoopClient()
	if cfg.DynamicConfigClient != nil {
		if dc, err = dynamicconfig.NewFileBasedClient(cfg.DynamicConfigClient, logger, temporal.InterruptCh()); err != nil {
			return cli.Exit(fmt.Sprintf("Unable to create dynamic config client: %v", err), 1)
		}
	}
	s, err := temporal.NewServer(
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithConfig(cfg),
		temporal.WithDynamicConfigClient(dc),
		temporal.WithLogger(logger),
		temporal.InterruptOn(temporal.InterruptCh()),
		temporal.WithAuthorizer(&authorizer{policy: policy}),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return &claimMapper{policy: policy} }),
	)
	if err != nil {
		return cli.Exit(fmt.Sprintf("Unable to create server: %v.", err), 1)
	}
	if err := s.Start(); err != nil {
		return cli.Exit(fmt.Sprintf("Unable to start server: %v", err), 1)
	}
	return nil
}
