// Generated from the API's /openapi.json by `npm run client:generate` (scripts/client.ts, openapi-typescript).
// Do not edit: change the routes' schemas and generate again; tests/client.test.ts fails while this is stale.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                            /** @description What needs an administrator without making the service unready, e.g. CALENDAR_NEXT_YEAR_MISSING from 1 November */
                            warnings?: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                            /** @description What needs an administrator without making the service unready, e.g. CALENDAR_NEXT_YEAR_MISSING from 1 November */
                            warnings?: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                            /** @description What needs an administrator without making the service unready, e.g. CALENDAR_NEXT_YEAR_MISSING from 1 November */
                            warnings?: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                            unitId?: string;
                            sectionId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Unit"][];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a unit */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        nameEn: string;
                        /** @enum {string} */
                        kind: "department" | "district" | "town" | "utility" | "office";
                        cityLeaderId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitRecord"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/units/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            nameEn: string;
                            kind: string;
                            sections: {
                                id: string;
                                name: string;
                            }[];
                            officers: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                                sectionId?: string;
                            }[];
                            cityLeaderId: string | null;
                            windows: {
                                code: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a unit or change its city leader */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        nameEn?: string;
                        /** @enum {string} */
                        kind?: "department" | "district" | "town" | "utility" | "office";
                        cityLeaderId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitRecord"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/city-leaders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            unitIds: string[];
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases, filtered, newest first, cursor-paged
         * @description Officers list their unit's cases; city leaders, supervisors and administrators every case; an integrator the cases it started (`?externalId=` finds one by its ticket number).
         */
        get: {
            parameters: {
                query?: {
                    status?: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
                    unitId?: string;
                    tier?: "1" | "2" | "3" | "4" | "city";
                    overdue?: "true" | "false";
                    q?: string;
                    /** @description A case by the reference its creator gave at intake; an integrator finds its own ticket numbers */
                    externalId?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CaseSummary"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Intake: start a case (受理)
         * @description Idempotent by `externalId` (per caller) or, without one, by the `Idempotency-Key` header: a retry answers 200 with the same case. The answer waits (bounded) until the case engine has set the first assignee and deadline. When it cannot say in time (the engine is overloaded or down), the case is still taken in (受理): the answer is `202` with its id, tracking code and tracking link, `assignee` and `deadlineAt` null, `Location` naming the case and `Retry-After` (seconds before asking). The engine sets them by itself; `GET /v1/cases/{id}` shows them, and a retry with the same `externalId` or `Idempotency-Key` answers the same case.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        externalId?: string;
                        requester: {
                            /** @enum {string} */
                            kind: "person" | "enterprise";
                            name: string;
                            phone?: string;
                        };
                        /** @enum {string} */
                        channel: "window" | "hotline" | "mini_program" | "visit" | "api" | "village_reception";
                        title: string;
                        description: string;
                        category?: string;
                        firstContactOfficerId?: string;
                        firstContactUnitId?: string;
                        involvedUnitIds?: string[];
                        requestedBy?: string;
                        keyProject?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntakeAnswer"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntakeAnswer"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntakeAnswer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One case with its timeline
         * @description Reads the read model (it needs no worker). `consistency=strong` asks the workflow itself. The `ETag` header is the case version (`"v12"`, also `version` in the body): send it as `If-Match` with a decision, and a decision on an older version answers 409 STALE_DECISION. With the tracking code (and no token that may read the case) the answer is the requester's own view (`RequesterView`): tiers and the words meant for the requester, never who.
         */
        get: {
            parameters: {
                query?: {
                    trackingCode?: string;
                    consistency?: "read_model" | "strong";
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"] | components["schemas"]["RequesterView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/intake/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases taken in whose workflow could not be started (受理未启动)
         * @description The one-minute recovery sweep starts every case (and complaint) whose row was written before a crash, each on its own. A row that keeps failing is retried up to 10 times or for 30 minutes from its first failure, then marked `start_failed` and left here for a supervisor. A start that got no answer in time (`WORKER_UNAVAILABLE`: no worker running, or the engine overloaded) is the engine's, not the row's: it is listed here as `retrying` but counts neither as an attempt nor toward the 30 minutes, and never gives a row up; such a case's workflow may already exist and be waiting for a worker. `status=retrying` lists those still being tried.
         */
        get: {
            parameters: {
                query?: {
                    status?: "retrying" | "start_failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["IntakeStartFailure"][];
                            complaints: components["schemas"]["ComplaintStartFailure"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/intake/failed/{caseId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand a given-up intake back to the sweep (once the cause is fixed); a complaint's by its id */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            /** @enum {string} */
                            status: "retrying";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One decision by the current assignee (决定)
         * @description Answers with the new case state once the workflow accepted it (its `ETag` is the new version). `If-Match` with the case's `ETag` (`"v12"`): a decision on an older version answers 409 STALE_DECISION and changes nothing; so does one by a former holder of the case. With `Prefer: respond-async` the decision is sent as a signal (fire and forget, 202); a rejected one is recorded on the timeline as `rejected`. A repeated async decision (same `Idempotency-Key`) answers the same 202 and sends nothing; a key reused for another decision answers 422 IDEMPOTENCY_KEY_REUSED. Each caller sends one case at most 100 async decisions in 1440 minutes, and everyone but its holder together at most 500; past that 429 ASYNC_DECISION_LIMIT with Retry-After (synchronous decisions stay open). A reader of the case cannot spend its holder's budget. `Idempotency-Key` makes a retry apply once. Two directives of one `direct` to the same unit answer 422 DUPLICATE_UNIT; an unknown unit 422 UNKNOWN_UNIT.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                    prefer?: string;
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "resolve";
                        result: string;
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "request_materials";
                        items: string[];
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "escalate";
                        /** @enum {string} */
                        reason: "beyond_remit" | "unsure" | "cross_department" | "legacy" | "no_precedent";
                        note: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "coordinate";
                        unitIds: string[];
                        question: string;
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "consult_city";
                        note: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "refuse";
                        legalBasis?: string;
                        explanation?: string;
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "refer_to_city";
                        suggestions: string;
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    } | {
                        /** @enum {string} */
                        action: "direct";
                        directives: {
                            unitId: string;
                            task: string;
                            /** Format: date-time */
                            dueAt: string;
                        }[];
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                            caseId: string;
                            requestId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/requester-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a one-time code to the phone on file, for a withdrawal or a rating (短信验证码)
         * @description The tracking code alone does not prove the requester acts: it is printed on the receipt, and the intake officer or integrator saw it. Where a mobile phone is on file, withdrawing and rating also need a six-digit code sent there by SMS, valid a few minutes (REQUESTER_CODE_TTL_SECONDS), used once, for the one purpose it was asked for; send it as `X-Sms-Code`. Limits: one code per purpose a minute (429 `SMS_CODE_TOO_SOON`), a few per case a day (429 `SMS_CODE_LIMIT`), and the city's SMS budget (429 `SMS_BUDGET_EXHAUSTED`, `SMS_PREFIX_LIMIT`), each with Retry-After. A case without a mobile phone on file answers 409 `NO_PHONE_ON_FILE`: its actions need the tracking code alone.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description A retry with the same key sends no second SMS */
                    "idempotency-key"?: string;
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description What the code is for: it opens that action only
                         * @enum {string}
                         */
                        purpose: "withdraw" | "rating";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RequesterCodeSent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/materials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Supply requested materials (补正材料); the clock resumes
         * @description With the tracking code, no bearer token (an officer's token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. The timeline records the channel. Ticks off the items asked for (`items`), with the files uploaded for them (`attachments`, each `{ id, sha256, size, item }`). An item not asked for answers 422 MATERIALS_NOT_REQUESTED; a file not of this case 422 UNKNOWN_ATTACHMENT.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    "idempotency-key"?: string;
                    prefer?: string;
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: string[];
                        note?: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RequesterView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw the request (撤回); the unit head is told
         * @description With the tracking code, no bearer token (an officer's token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. Where a mobile phone is on file, the one-time code sent there (`X-Sms-Code`, purpose `withdraw`) too: without it 428 `SMS_CODE_REQUIRED`, a wrong one 422 `SMS_CODE_WRONG`. The timeline records the channel; the lead unit's principal head is told.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    "idempotency-key"?: string;
                    prefer?: string;
                    /** @description The one-time code sent to the phone on file (POST /v1/cases/{id}/requester-code); withdrawing and rating need it when a mobile phone is on file */
                    "x-sms-code"?: string;
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RequesterView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rate the feedback (好差评); unsatisfied reopens the case once, one tier up
         * @description With the tracking code, no bearer token (an officer's token answers 403 `REQUESTER_ONLY`); an integrator may relay it for a case it filed. Where a mobile phone is on file, the one-time code sent there (`X-Sms-Code`, purpose `rating`) too: without it 428 `SMS_CODE_REQUIRED`, a wrong one 422 `SMS_CODE_WRONG`. The timeline records the channel.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    "idempotency-key"?: string;
                    prefer?: string;
                    /** @description The one-time code sent to the phone on file (POST /v1/cases/{id}/requester-code); withdrawing and rating need it when a mobile phone is on file */
                    "x-sms-code"?: string;
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RequesterView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/directives/{unitId}/done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a city directive carried out (交办事项办结) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                    prefer?: string;
                };
                path: {
                    id: string;
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/supervision-notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a supervision notice (督办) on the case or one unit's part
         * @description A supervisor only. `level`: 提醒 `reminder`, 督办 `supervision`, 挂牌督办 `listed`; `due`: `{ workingHours }` or `{ workingDays }` on the official calendar (`{ duration }` runs on the wall clock); `unitId` names a unit's open part instead of the case. The holder is told and the unit head gets an SMS; the notice shows on the inbox and the workbench until the holder decides (or the unit answers its part). If it falls due first, the holder is recorded as having left the case on the shelf (搁置) and the efficiency office is told; a review of the case proposes the finding. One open notice per case or part (409 NOTICE_ALREADY_OPEN); only on a case that awaits its holder (409 NOTICE_NOT_APPLICABLE).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SupervisionNoticeIntakeInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/supervision-notices/{no}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a supervision notice (撤销督办)
         * @description A supervisor only; the holder is told. A notice that is no longer open answers 409 NOTICE_NOT_OPEN.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    no: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SupervisionNoticeWithdrawalInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/extensions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for more working days (延期申请)
         * @description The case's holder only (403 NOT_ASSIGNEE), while the case awaits their decision. `reason` is shown to the requester once the extension is granted. A supervisor (or, by policy, the lead unit's principal head) decides within the policy's window; only a grant moves the deadline. At most `extension.perCase` extensions are granted per case (409 EXTENSION_LIMIT), one request at a time (409 EXTENSION_PENDING).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ExtensionRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/extensions/{no}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant or refuse a request for more time
         * @description A supervisor, or the lead unit's principal head where the policy says so (`extension.decidedBy`), never whoever asked (403 NOT_EXTENSION_DECIDER). A grant moves the deadline on by the working days asked, from the old deadline, re-times the reminder, tells the holder and tells the requester the new time and why (SMS where a mobile phone is on file). A refusal leaves the deadline as it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    no: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ExtensionDecisionInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/rectification/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report what the unit changed after a bad rating (整改情况)
         * @description The lead unit's principal or deputy head (403 NOT_UNIT_HEAD otherwise), once; files uploaded to the case first may go with it. The efficiency office is told to verify it with a return visit.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RectificationReportInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/rectification/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a verified rectification (销号)
         * @description A supervisor, once the unit reported (409 RECTIFICATION_NOT_REPORTED) and a return visit reached the requester after the report (409 RECTIFICATION_NOT_VERIFIED).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RectificationCloseInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/callbacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a return visit (回访)
         * @description The efficiency office, or the hotline integrator for a case it filed. From the answer until the case is archived (409 CALLBACK_NOT_OPEN). On the timeline, never in a requester's view. A visit that reached the requester counts in the satisfaction figures where the answer has no rating and, by policy, in place of a rating given without the one-time code (never of a verified one).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CallbackInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Appeal the rating as mistaken or malicious (差评申诉)
         * @description An officer of the lead unit (403 FORBIDDEN_UNIT otherwise), against the case's final unsatisfied rating, until the case is archived (409 APPEAL_NOT_OPEN), once per rating (409 APPEAL_EXISTS). Evidence as files uploaded to the case first. A supervisor decides within the policy's window; undecided, the rating stands.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AppealInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/appeals/{no}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uphold or reject an appeal against a rating
         * @description A supervisor only. Upheld: the rating leaves the satisfaction rate and the officer's portrait (it and the appeal stay on the timeline), and a rectification it opened is voided. Rejected: the rating stands.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    no: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AppealDecisionInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rectifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The rectification ledger (差评整改台账), newest first
         * @description Every rectification a bad rating opened, with the unit's report and its verification. The efficiency office, city leaders and admins see every unit's (or `unitId`'s); a unit's officers their own unit's (another is 403 FORBIDDEN_UNIT). Filters: `status`, `unitId`, `lapsed` (the report came late or has not come by its due time), `month` (opened in that Beijing month).
         */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "reported" | "closed" | "voided" | "ended";
                    unitId?: string;
                    lapsed?: "true" | "false";
                    month?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["RectificationItem"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/supervision/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Supervision items across cases, soonest due first: what awaits the efficiency office
         * @description 督办 notices, requests for more time, rectifications and appeals. `state=open` (the default) lists what still awaits someone: notices running, requests and appeals to decide, rectifications to report or verify. Scoped as the case list (a unit's officers their own unit's).
         */
        get: {
            parameters: {
                query?: {
                    kind?: "notice" | "extension" | "rectification" | "appeal";
                    state?: "open" | "all";
                    unitId?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SupervisionItem"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A case's files, oldest first
         * @description For the officers of the case's units, supervisors, city leaders on the case, and the requester with the tracking code.
         */
        get: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Attachment"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Attach a file to a case (补正材料, a document): PDF, JPEG or PNG
         * @description multipart/form-data with one `file` part, at most 10 MB (ATTACHMENT_MAX_BYTES; 413 ATTACHMENT_TOO_LARGE above). The type is judged by the bytes, never by the name or the declared type: anything but PDF, JPEG or PNG answers 415 ATTACHMENT_TYPE_NOT_ALLOWED. Photos are decoded and written again, so no GPS position or other metadata stays in them (`processing: reencoded`). The requester attaches with the tracking code; officers of the case's units with their token. The answer's `{ id, sha256, size }` is what a decision or the materials carry.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["AttachmentUploadInput"];
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Attachment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/attachments/downloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who downloaded a case's files, and when (the audit), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                attachmentId: string;
                                readerKind: string;
                                readerId: string;
                                readerRole: string | null;
                                at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download one file (always as an attachment; every download is audited)
         * @description Served with `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff` and the type judged at upload, never rendered in the page.
         */
        get: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                    attachmentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                        "image/jpeg": string;
                        "image/png": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Problem"];
                        "image/jpeg": components["schemas"]["Problem"];
                        "image/png": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/text-messages/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop the progress messages about this case (退订)
         * @description The requester, with the tracking code. Stopping twice is the same as once.
         */
        post: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TextMessages"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sms/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A text a requester sent back, as the SMS gateway received it
         * @description "TD" (or 退订) stops the progress messages about every case of that number; anything else is not understood and changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            understood: boolean;
                            stoppedCases: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What awaits my decision (待办), soonest deadline first: cases, unit parts, city directives, rectifications */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    cursor?: string;
                    include?: "precedents";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["InboxItem"][];
                            total: number;
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/parts/{unitId}/opinion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A unit's answer to the lead (can_do with a plan, or cannot — principal head only, with a legal basis)
         * @description A part that is closed (answered, lapsed, or withdrawn by the lead: from the moment the lead's DELETE answered) answers 422 PART_CLOSED and changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        stance: "can_do";
                        plan: string;
                        /** Format: date-time */
                        dueAt?: string;
                    } | {
                        /** @enum {string} */
                        stance: "cannot";
                        legalBasis?: string;
                        explanation?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitPart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/parts/{unitId}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Escalate a unit's part inside that unit (same rules as a case) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "escalate";
                        /** @enum {string} */
                        reason: "beyond_remit" | "unsure" | "cross_department" | "legacy" | "no_precedent";
                        note: string;
                        attachments?: {
                            id: string;
                            sha256: string;
                            size: number;
                            item?: string;
                        }[];
                        /** @enum {string} */
                        expectedTier?: "1" | "2" | "3" | "4" | "city";
                        precedentIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitPart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/parts/{unitId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One unit's part with its timeline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitPart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** The lead withdraws one unit's part (撤回协调) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/windows/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A service window and its unit: what its QR code opens
         * @description JSON for API clients; a browser (Accept: text/html) gets the complaint form, as at /w/{code}.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Window"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Complaints, newest first (supervisors: all; officers: their unit's) */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "contacted" | "closed";
                    unitId?: string;
                    caseId?: string;
                    contactLapsed?: "true" | "false";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Complaint"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * File a complaint (效能铜都投诉); no account needed
         * @description Starts the complaint workflow: the unit, the Data Resources Bureau and the Efficiency Office are notified at once and the unit's principal head gets an SMS (at most one per 30 minutes: later complaints gather in a digest). Send an `Idempotency-Key` so a retry files it once (the same key answers 200 with the same complaint). Filing needs no running worker. A case is named with its `caseId` and `trackingCode` together. Limits (429 with `Retry-After`): per address per minute (`RATE_LIMITED`, an IPv6 /64 counts as one), per phone per day (`COMPLAINT_LIMIT_PHONE`), anonymous filings not confirmed by a code per address (`COMPLAINT_LIMIT_ADDRESS`) and per network (`COMPLAINT_LIMIT_NETWORK`: an IPv4 /24, an IPv6 /48) per day, per unit per day (`COMPLAINT_LIMIT_UNIT`). Where the unit requires it (COMPLAINT_VERIFICATION), an anonymous complaint answers `202 { id, verification: "required" }` and an SMS carries a 6-digit code to the phone; it counts (workflow, notices, deadlines) only once `POST /v1/complaints/{id}/verify` confirms the code. Codes are held by the city's SMS budget (`SMS_BUDGET_EXHAUSTED` per hour and day, `SMS_PREFIX_LIMIT` per number block and day).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ComplaintIntakeInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplaintFiled"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplaintFiled"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplaintPendingVerification"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a complaint with the code its SMS carried; from then on it counts
         * @description The complaint is filed (201) when the code matches: the workflow starts and the unit is told. A wrong code answers 422 `VERIFICATION_CODE_WRONG`; after 5 wrong codes, or once the code expired, the pending complaint is gone (404 `VERIFICATION_NOT_FOUND`: file it again). Verifying a complaint already filed with the code that filed it answers 200; any other code, or a complaint that was never waiting for one, answers 404 `VERIFICATION_NOT_FOUND`, so the route tells nothing of a complaint without its code.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplaintFiled"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplaintFiled"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One complaint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Complaint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints/{id}/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the complainant was contacted, and what was done (an officer of the unit) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Complaint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints/{id}/contact-officer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Designate the officer who calls the complainant (the unit's principal head, or a supervisor)
         * @description The complainant's name and phone are seen only by the unit's principal head, the officer designated here (or who recorded the contact) and the efficiency office; every other officer of the unit sees them masked. Allowed until the contact is recorded; a new designation replaces the last.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        officerId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Complaint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/complaints/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a complaint with findings (supervisor) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        upheld: boolean;
                        findings: string;
                        officerIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Complaint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reviews, newest first */
        get: {
            parameters: {
                query?: {
                    caseId?: string;
                    complaintId?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                caseId: string | null;
                                complaintId: string | null;
                                officerId: string | null;
                                openedBy: string;
                                openedAt: string;
                                findings: {
                                    proposed: number;
                                    confirmed: number;
                                    rejected: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Open a retrospective review (倒查复盘) of a case, a complaint, or an officer's escalation pattern
         * @description Lays out the path from the audit copy and proposes findings. A review of the same subject that still awaits decisions is answered again (200).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OpenReviewInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Review"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Review"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review: the path and the findings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Review"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{id}/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a finding the record cannot show */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "not_escalated" | "shelved" | "over_escalation";
                        officerId: string;
                        summary: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Review"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviews/{id}/findings/{findingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a finding with a level (reminder 提醒, notice 通报, accountability 问责) or reject it
         * @description A confirmed finding becomes an accountability record. Deciding again the same way changes nothing; the other way is 409 FINDING_ALREADY_DECIDED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    findingId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "confirm";
                        /** @enum {string} */
                        level: "reminder" | "notice" | "accountability";
                        note?: string;
                    } | {
                        /** @enum {string} */
                        decision: "reject";
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Review"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accountability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accountability records (不提级, 搁置, 事事提级) per officer and unit
         * @description `totals` count every record that matches the filters (not only this page).
         */
        get: {
            parameters: {
                query?: {
                    officerId?: string;
                    unitId?: string;
                    kind?: "not_escalated" | "shelved" | "over_escalation";
                    level?: "reminder" | "notice" | "accountability";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AccountabilityRecord"][];
                            nextCursor: string | null;
                            totals: {
                                total: number;
                                byOfficer: {
                                    officerId: string;
                                    name: string;
                                    unitId: string | null;
                                    total: number;
                                    byKind: {
                                        not_escalated: number;
                                        shelved: number;
                                        over_escalation: number;
                                    };
                                }[];
                                byUnit: {
                                    unitId: string;
                                    name: string;
                                    total: number;
                                    byKind: {
                                        not_escalated: number;
                                        shelved: number;
                                        over_escalation: number;
                                    };
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/officers/{id}/portrait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Officer portrait (画像): the positive record beside the negative one
         * @description Over the rolling window (policy windowDays, or `days`).
         */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OfficerPortrait"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/units/{id}/portrait": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unit view: its cases, its officers' record, complaints about it, and its escalation floor */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnitView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/over-escalation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The over-escalation detector (事事提级): officers above their ceiling, units below their floor */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OverEscalation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * City statistics: cases by status, closing tier and unit; overdue now; the three rates; complaints per week
         * @description The same numbers drawn as charts at /stats.
         */
        get: {
            parameters: {
                query?: {
                    weeks?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CityStats"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/supervision/store-behind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workflows that stopped retrying their store call (StoreBehind): they go on once the store answers again */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                workflowId: string;
                                type: string;
                                since: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/supervision/halted-cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cases whose workflow stopped without finishing (terminated, failed, timed out), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                title: string;
                                leadUnitId: string;
                                tier: string;
                                status: string;
                                haltedAt: string | null;
                                haltedReason: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/villages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A town's villages and communities (村/社区) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Village"][];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A town's months, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                month: string;
                                workflowId: string;
                                /** @enum {string} */
                                phase: "collecting" | "awaiting_reception" | "in_progress" | "mid_check_due" | "month_end_due" | "closed";
                                hostVillageId: string | null;
                                problems: number;
                                closedAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a town's month by hand (the schedule starts it on the first working day)
         * @description `timing` (durations replacing the calendar dates) is refused in production. A month runs once: an existing one answers 200.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        month: string;
                        timing?: {
                            collection?: string;
                            reception?: string;
                            midCheck?: string;
                            monthEnd?: string;
                            closeGrace?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One month: problems, scores, host, reception, checks, report
         * @description Reads the read model (it needs no worker). `consistency=strong` asks the workflow itself.
         */
        get: {
            parameters: {
                query?: {
                    consistency?: "read_model" | "strong";
                };
                header?: never;
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a village's problem (村干部代访: a town officer records it for the village) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        villageId: string;
                        title: string;
                        description: string;
                        urgency: number;
                        residents: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageProblem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/close-collection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the collection early and choose the host village by the urgency score */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/host": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Override the host village (town head only), with the reason on record */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        villageId: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/reception": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the reception: date, leaders present, and each problem's agreed path (a case starts for each)
         * @description Every problem of the month needs one path: a responsible unit and a deadline. Each starts a case through the normal intake (channel `village_reception`), created by the caller.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        date: string;
                        leaders: string[];
                        note?: string;
                        paths: {
                            problemId: string;
                            responsibleUnitId: string;
                            deadline: string;
                            note?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the mid-month on-site check (月中实地察看) or the month-end follow-up (月底回访)
         * @description The month-end follow-up closes the month: every problem solved (its case resolved), in progress with an expected date, or carried into next month.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "mid_month";
                        date: string;
                        inspectors: string[];
                        note?: string;
                        findings: {
                            problemId: string;
                            /** @enum {string} */
                            progress: "solved" | "on_track" | "delayed";
                            note?: string;
                        }[];
                    } | {
                        /** @enum {string} */
                        kind: "month_end";
                        date: string;
                        inspectors: string[];
                        note?: string;
                        findings: {
                            problemId: string;
                            /** @enum {string} */
                            outcome: "solved" | "in_progress" | "carried";
                            expectedBy?: string;
                            note?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonth"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/towns/{townId}/months/{month}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The month's closed-loop report (闭环) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    townId: string;
                    month: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VillageMonthReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/villages/solved-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Problems solved since the centre began (累计解决), in all towns and per town */
        get: {
            parameters: {
                query?: {
                    townId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            solved: number;
                            since: string | null;
                            byTown: {
                                townUnitId: string;
                                name: string;
                                solved: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/precedents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browse or search precedents, with cite counts
         * @description Any token. `q` searches titles and text in Chinese (terms of 3+ characters through the FTS5 trigram index, ranked by bm25; shorter terms such as 消防 by substring). `sort=cited` lists the most used first.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    /** @description local_case 本市案例 | elsewhere 外地经验 */
                    source?: "local_case" | "elsewhere";
                    sort?: "relevance" | "cited" | "recent";
                    category?: string;
                    kind?: "legacy" | "cross_department" | "no_precedent" | "other";
                    unitId?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["LibraryHit"][];
                            total: number;
                            /**
                             * @description index: FTS5 trigram index; substring: terms under 3 characters; mixed: both
                             * @enum {string}
                             */
                            mode: "index" | "substring" | "mixed" | "browse";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Promote a resolved case to a precedent, or record a practice from elsewhere (典型案例、外地经验)
         * @description Supervisors (efficiency office) and principal heads only; a principal head promotes cases of their own unit. A case is promoted once (`409 ALREADY_PROMOTED` names the precedent).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PrecedentCreateInput"];
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Precedent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/precedents/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the library: precedents, resolved cases and rules (案例汇编检索)
         * @description Any token. Resolved cases (personal data masked: names, ID-card numbers, phones, addresses) are found only by officers of a unit that led or took part in them, by city leaders and by the efficiency office; integrators see none. Ranked (bm25 over the trigram index; occurrences for terms under 3 characters), with highlighted snippets. Filters by category, kind of problem and unit.
         */
        get: {
            parameters: {
                query: {
                    q: string;
                    scope?: "all" | "precedents" | "cases" | "rules";
                    category?: string;
                    kind?: "legacy" | "cross_department" | "no_precedent" | "other";
                    unitId?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["LibraryHit"][];
                            total: number;
                            /**
                             * @description index: FTS5 trigram index; substring: terms under 3 characters; mixed: both
                             * @enum {string}
                             */
                            mode: "index" | "substring" | "mixed" | "browse";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/precedents/similar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Precedents similar to a request not yet taken in (for the intake form) */
        get: {
            parameters: {
                query: {
                    title: string;
                    description?: string;
                    category?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SimilarPrecedent"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/precedents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One precedent: its source, units, the rule it led to, and who cited it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Precedent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/similar-precedents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The precedents most similar to a case (相似案例)
         * @description For whoever may see the case. The precedent promoted from the case itself is left out.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SimilarPrecedent"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rules formed (制度), newest first, or searched with q */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    category?: string;
                    unitId?: string;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["LibraryHit"][];
                            total: number;
                            /**
                             * @description index: FTS5 trigram index; substring: terms under 3 characters; mixed: both
                             * @enum {string}
                             */
                            mode: "index" | "substring" | "mixed" | "browse";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record a rule formed for a whole class of cases (形成制度), linked to the cases and precedents it grew from
         * @description Supervisors and principal heads; a principal head issues for their own unit and links cases they can see.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RuleCreateInput"];
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Rule"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule with the cases and precedents it grew from */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Rule"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/process.bpmn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process as BPMN 2.0 XML (流程图)
         * @description Generated from the rules the case workflow runs and the deadline policy: the case process, the unit-part process its coordination calls and the city consultation, each with a diagram. Element ids match the `elementId` of timeline steps.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description BPMN 2.0 XML */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/xml": string;
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the case went on the process diagram
         * @description The timeline walked over the case process: the elements it passed through, where it stands, time spent at each task and the timers that fired. Same access as the case itself.
         */
        get: {
            parameters: {
                query?: {
                    trackingCode?: string;
                };
                header?: {
                    /** @description The case's tracking code, as an alternative to `?trackingCode=` that stays out of request lines and logs */
                    "x-tracking-code"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseTrace"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bearer tokens, newest first (hashes are never shown) */
        get: {
            parameters: {
                query?: {
                    principalId?: string;
                    active?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TokenInfo"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Issue a token for a principal (shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        principalId: string;
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssuedToken"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Swap my token for a new one (shown once); the old one stops working at once
         * @description For any principal, with the token to be replaced. The new token lives for the full time of the role (TOKEN_TTL / TOKEN_TTL_INTEGRATOR) from now, but never past the first token of its chain plus the role's maximum age (TOKEN_MAX_AGE / TOKEN_MAX_AGE_INTEGRATOR): rotating does not keep a sign-in alive for ever. An expired token cannot be rotated (401 TOKEN_EXPIRED): an administrator issues a new one. Issuing, rotating and revoking are in the directory's audit trail (GET /v1/directory/audit).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssuedToken"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a token: it stops working at once (revoking twice changes nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenInfo"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/units/{id}/sections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a section (科室) to a unit */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SectionRecord"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every principal, with role, unit, section, stand-in and whether active */
        get: {
            parameters: {
                query?: {
                    unitId?: string;
                    role?: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                    active?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["PrincipalRecord"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a principal (officer, city leader, supervisor, integrator or admin); issue its token with POST /v1/tokens */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** @enum {string} */
                        role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                        unitId?: string | null;
                        sectionId?: string | null;
                        phone?: string | null;
                        /** @description Who takes this principal's work while the post is vacant (缺位递补); null: the next tier up */
                        standInId?: string | null;
                        /** @description For a deputy head (分管负责人): the sections in their charge */
                        deputySectionIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PrincipalRecord"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a principal's role, unit, section, stand-in or name, or deactivate them
         * @description Deactivating (`active: false`) revokes their tokens and hands their open work over: every running workflow holding it (cases they are assigned, unit parts, directives to a unit they head, consultations they chair) is told, and passes it to their stand-in if active, else the next tier up (缺位递补). A move to another unit or role hands over the work held in the old post the same way.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        role?: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                        unitId?: string | null;
                        sectionId?: string | null;
                        phone?: string | null;
                        standInId?: string | null;
                        deputySectionIds?: string[];
                        /** @description false: the principal can no longer sign in, and their open work is handed over */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            principal: components["schemas"]["PrincipalRecord"];
                            handOver: components["schemas"]["HandOver"] | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/principals/{id}/hand-over": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the hand-over of an inactive principal's open work again (after Temporal was unreachable) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HandOver"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/directory/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the whole directory from CSV (all rows checked first; all or nothing)
         * @description One row per unit, section or principal; the first line names the columns: `type,id,name,name_en,kind,unit_id,section_id,role,phone,stand_in_id,city_leader_id,deputy_section_ids`.
         *
         *     `type` is `unit` (id, name, name_en, kind, city_leader_id), `section` (id, name, unit_id) or `principal` (id, name, role, unit_id, section_id, phone, stand_in_id, deputy_section_ids separated by `;`).
         *
         *     Units and sections are added or updated, never removed. Principals in the file are created or updated and active; principals the file leaves out are deactivated and their open work handed over, except admins, who are kept.
         *
         *     Any error in any row answers 422 `IMPORT_INVALID` with every error as `errors: [{ path: "rows.<line>.<column>", message }]` and changes nothing. `?dryRun=true` checks and counts without writing.
         *
         *     A file that would deactivate more than `threshold` principals (a tenth of the active ones, at least 5: DIRECTORY_IMPORT_DEACTIVATE_SHARE, _FLOOR) answers 422 `IMPORT_NEEDS_DRY_RUN` and changes nothing: its dry run answers a `confirmation`, and the same file sent with `?confirm=<confirmation>` runs (a directory that changed meanwhile needs a new dry run).
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                    confirm?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description The directory as CSV (UTF-8) */
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DirectoryImport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/directory/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every change to the directory, newest first */
        get: {
            parameters: {
                query?: {
                    subjectId?: string;
                    /** @description Cursor: entries with a smaller id */
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["DirectoryAuditEntry"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tier-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The four tiers and the city: who decides what (四级管理流程), with labels
         * @description Generated from the rule table the case workflow enforces. Public: the rules are the city's published policy.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TierRules"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{id}/allowed-decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the caller may decide on this case now
         * @description Each action is put to the same rule check as a real decision (a complete one, so only who, where and when count). Same access as the case.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AllowedDecisions"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calendar/deadline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A deadline as the workflows compute it (办理时限)
         * @description Counts `workingDays` (close of office, 17:30 Beijing, of the Nth working day after the day of `from`) or `workingHours` (office hours) under the official calendar: loaded notices over the package data, and the city's overrides. The same function as the workflows' computeDeadline activity.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 8601 instant with offset; default now */
                    from?: string;
                    workingDays?: number;
                    workingHours?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarDeadline"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calendar/{year}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A year's holidays and make-up working days (节假日安排)
         * @description Where the year comes from (a loaded notice, the package data, or nothing: provisional), its holidays, its make-up working days (调休上班) and the history of its loads.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The calendar year, e.g. 2027 */
                    year: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarYear"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Load the year from the State Council's notice (admin)
         * @description Replaces the year as a whole and keeps what it replaced. Send JSON (`CalendarNotice`) or the same year as `text/calendar` (iCalendar: all-day VEVENTs; a make-up working day carries `CATEGORIES:WORKDAY` (or 调休上班/补班) or `X-WORKDAY:TRUE`; the document number is the calendar's `X-DOCUMENT-NO` or the `documentNo` query parameter). Checked before anything changes: dates inside the year (`DATE_OUTSIDE_YEAR`), ranges ordered (`RANGE_UNORDERED`), no overlapping holidays (`HOLIDAYS_OVERLAP`), a make-up day on a weekend (`WORKDAY_NOT_WEEKEND`) outside every holiday (`WORKDAY_IN_HOLIDAY`), named once (`WORKDAY_DUPLICATE`); an unreadable iCalendar file is `ICAL_INVALID`. Every running deadline that falls in the year or was provisional is then re-timed (never earlier than what its holder was told); `history[0].retiming` shows the progress.
         */
        put: {
            parameters: {
                query?: {
                    /** @description For an iCalendar body without X-DOCUMENT-NO */
                    documentNo?: string;
                };
                header?: never;
                path: {
                    /** @description The calendar year, e.g. 2027 */
                    year: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CalendarNoticeInput"];
                    "text/calendar": components["schemas"]["CalendarNoticeInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarLoad"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notifications that failed for good (dead letters), newest first (supervisors) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    before?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["FailedNotification"][];
                            total: number;
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a failed notification again (supervisors)
         * @description Puts a dead letter back in the outbox with its attempts reset; the dispatcher sends it on its next pass. Only a failed notification can be sent again (409 `NOT_FAILED` otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FailedNotification"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open sealed Temporal payloads (Temporal UI codec server)
         * @description The remote codec protocol of Temporal UI and the Temporal CLI. Administrators only (bearer token or codec session); 403 for every other role.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PayloadsInInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Payloads"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Seal nothing (the Temporal CLI's empty query input)
         * @description Answers an empty list with an empty list, so `temporal workflow query --codec-endpoint` works; any payload is refused with 403 CODEC_ENCODE_REFUSED: this server never seals.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PayloadsInInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Payloads"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a codec session for Temporal UI (an HttpOnly cookie on /codec, 8 hours) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The session's id (a keyed hash of the cookie; it opens nothing by itself) */
                            id: string;
                            principalId: string;
                            createdAt: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Sign out: end this browser's codec session on the server and drop the cookie */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/codec/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The open codec sessions (who can read sealed payloads in Temporal UI now) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The session's id (a keyed hash of the cookie; it opens nothing by itself) */
                                id: string;
                                principalId: string;
                                createdAt: string;
                                expiresAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/codec/sessions/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a codec session at once (a lost laptop, a colleague who left) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalogue of service categories (派单目录)
         * @description The codes an intake may name as `category`, each with the unit that takes such a case when the intake names none.
         */
        get: {
            parameters: {
                query?: {
                    active?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Category"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a category */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        /** @description The name people read (Chinese), e.g. 不动产登记 */
                        name: string;
                        nameEn?: string | null;
                        /** @description The unit that takes a case of this category when the intake names none (派单) */
                        defaultUnitId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Category"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/categories/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a category, change its unit, or deactivate it (`active: false`: intakes may no longer name it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        nameEn?: string | null;
                        defaultUnitId?: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Category"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/categories/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the whole catalogue from CSV (all rows checked first; all or nothing)
         * @description One row per category; the first line names the columns: `code,name,name_en,default_unit_id`.
         *
         *     Codes in the file are created or updated and active; codes it leaves out are deactivated (cases keep naming them).
         *
         *     Any error in any row answers 422 `IMPORT_INVALID` with every error as `errors: [{ path: "rows.<line>.<column>", message }]` and changes nothing. `?dryRun=true` checks and counts without writing.
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description The catalogue as CSV (UTF-8) */
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CategoryImport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your subscriptions (administrators: everyone's, or one owner's) */
        get: {
            parameters: {
                query?: {
                    ownerId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Subscription"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a receiver to events (webhooks); the signing secret is in this answer only
         * @description Each event is POSTed as a CloudEvents 1.0 JSON document (`application/cloudevents+json`) signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). You receive the events of the cases you started (and of complaints you filed), unless an administrator granted more. Answer 2xx to acknowledge; anything else is retried with back-off for 24 hours; 410 disables the subscription.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Where the events are POSTed (https recommended). In production, loopback, link-local and private addresses are refused unless allow-listed. */
                        url: string;
                        /** @description The event types to receive */
                        events: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
                        description?: string;
                        /** @description Administrators only: the integrator the subscription is for (default: the caller) */
                        ownerId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SubscriptionWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Subscription"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a subscription (nothing more is sent to it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a subscription's URL, types or description; disable or enable it
         * @description Enabling a subscription (after a 410, say) delivers what waited meanwhile, in order.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url?: string;
                        events?: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
                        description?: string;
                        /** @description false disables it (deliveries wait); true enables it again, after a 410 too */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Subscription"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/subscriptions/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret, shown once; the previous one keeps signing beside it for `graceSeconds`
         * @description During the grace period every message carries two signatures (`v1,… v1,…`): a receiver that still holds the old secret verifies, and so does one that holds the new.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description How long the previous secret keeps signing beside the new one (default a day)
                         * @default 86400
                         */
                        graceSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SubscriptionWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dead-letter list: events given up after 24 hours of retries, newest first
         * @description A case's later events wait behind its failed one (they are delivered in order); redeliver it once your receiver is back.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    before?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["FailedDelivery"][];
                            nextBefore: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/failed/{eventId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeliver one dead letter (same event id), before the later events of its case */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    eventId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            redelivered: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/failed/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeliver every dead letter of the subscription */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            redelivered: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed: the events your subscriptions would receive, in order, cursor-paged
         * @description Start without `after`; then send the `nextCursor` of the last page as `after`. An empty page means nothing new yet: poll again with the same cursor. Each event is the same document a webhook carries (same id).
         */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page */
                    after?: string;
                    /** @description Comma-separated event types (default: all) */
                    types?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["IntegratorEvent"][];
                            nextCursor: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrators/{id}/event-scope": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an integrator sees beyond the cases it started */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventScope"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Grant an integrator the events of more cases: all, a lead unit's, a category's (replaces the grant) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Every case's events */
                        all: boolean;
                        /**
                         * @description The events of cases these units lead
                         * @default []
                         */
                        unitIds?: string[];
                        /**
                         * @description The events of cases of these categories
                         * @default []
                         */
                        categories?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventScope"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/monthly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Each unit's month (效能月报): response, on-time, resolution, satisfaction and escalation rates, and the month's counts
         * @description Rates are `{ numerator, denominator, rate }`; the city's row sums the units' numerators and denominators (never an average of rates). `unitId` keeps one unit's row. A unit's principal or deputy head reads their own unit's row (and the city's). Every figure is defined in docs/reports.md; `figures` says which are not recorded yet (null).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                    unitId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/rankings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The month's ranking (排名) by the policy's score, with the change from last month and the figures behind each rank
         * @description Score: the weighted mean of the rates a unit has, ×100, minus deductions per upheld complaint and accountability record (GET /v1/reports/ranking-policy). Units with fewer cases than `minCases`, or no rate, are listed unranked. Last month is ranked under the same policy.
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyRankings"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The month's cases by class of problem (每月一题): by category, by escalation reason and by the titles' frequent terms, with the units involved
         * @description Counts the cases opened in the month. `topic` is the topic picked for the month, with the library rule formed from it once linked.
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyCategories"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every month's topic (每月一题), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["MonthlyTopic"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/topics/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Pick the month's topic (每月一题) from its counted classes, and link the library rule formed from it
         * @description The class must be one GET /v1/reports/categories counts for the month (`422 TOPIC_NOT_IN_MONTH` otherwise). Sending the same class again keeps the pick and may add `ruleId` (a rule of /v1/rules); another class replaces the topic. 201 when the month had no topic.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PickTopicInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyTopic"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyTopic"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the bulletin names for the month: each lapse (搁置) with its case, and each accountability record (通报问责)
         * @description Case titles are masked (a bulletin goes round). The lapses are those the `lapses` figure counts; their distinct cases per unit, the `shelved` figure.
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonthlyRecords"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/ranking-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ranking's weights, deductions and minimum cases now in force */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RankingPolicyView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set the ranking's weights (administrators): any part of the policy, the rest from the defaults
         * @description Every version is kept; the newest applies to every month asked for from then on.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RankingPolicyChangeInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RankingPolicyView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/cases.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case ledger (办件台账): cases opened in the month, scoped as GET /v1/cases
         * @description An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                    unitId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ledger as an Excel workbook (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/complaints.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The complaints ledger (投诉台账): complaints filed in the month, scoped and masked as GET /v1/complaints
         * @description An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                    unitId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ledger as an Excel workbook (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/accountability.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reviews opened and accountability records made in the month (复盘问责台账)
         * @description An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ledger as an Excel workbook (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/village-months.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The village reception's months and their problems (跑办代访台账)
         * @description An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                    townId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ledger as an Excel workbook (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/monthly-report.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The monthly report (效能月报): figures, ranking and classes, as GET /v1/reports/*
         * @description An Excel workbook, streamed: Chinese headers, times in Beijing time, personal data masked as the list masks it for the reader. Every export is recorded (GET /v1/exports/audit).
         */
        get: {
            parameters: {
                query: {
                    /** @description A month in Beijing time (Asia/Shanghai), YYYY-MM: 00:00 on its first day to 00:00 on the next month's. */
                    month: string;
                    unitId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ledger as an Excel workbook (.xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who exported which ledger, when, with which filters, masked or not (newest first) */
        get: {
            parameters: {
                query?: {
                    principalId?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ExportAudit"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                431: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ProblemInput: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            errors?: {
                path: string;
                message: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        CalendarNoticeInput: {
            /** @description The notice's document number, e.g. 国办发明电〔2026〕N号 */
            documentNo: string;
            holidays: {
                /** @description The holiday, e.g. 春节 Spring Festival */
                name: string;
                /** @description First day off */
                from: string;
                /** @description Last day off (inclusive) */
                to: string;
            }[];
            /**
             * @description Make-up working days (调休上班): weekend days that are worked
             * @default []
             */
            workdays: (string | {
                date: string;
                /** @description The holiday it makes up for */
                name?: string;
            })[];
        };
        ComplaintIntakeInput: {
            windowCode?: string;
            unitId?: string;
            caseId?: string;
            trackingCode?: string;
            contact: {
                name: string;
                phone: string;
            };
            content: string;
        };
        OpenReviewInput: {
            caseId?: string;
            complaintId?: string;
            officerId?: string;
            note?: string;
        };
        UnitInput: {
            id: string;
            name: string;
            nameEn: string;
            kind: string;
            sections: {
                id: string;
                name: string;
            }[];
            officers: {
                id: string;
                name: string;
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                sectionId?: string;
            }[];
            cityLeaderId: string | null;
        };
        SupervisionNoticeIntakeInput: {
            /** @enum {string} */
            level: "reminder" | "supervision" | "listed";
            due: {
                workingDays: number;
            } | {
                workingHours: number;
            } | {
                duration: string;
            };
            note: string;
            unitId?: string;
        };
        SupervisionNoticeWithdrawalInput: {
            note?: string;
        };
        ExtensionRequestInput: {
            workingDays: number;
            reason: string;
        };
        ExtensionDecisionInput: {
            approve: boolean;
            note?: string;
        };
        RectificationReportInput: {
            changes: string;
            attachments?: {
                id: string;
                sha256: string;
                size: number;
                item?: string;
            }[];
        };
        RectificationCloseInput: {
            note?: string;
        };
        CallbackInput: {
            /** @enum {string} */
            method: "phone" | "sms" | "visit" | "online";
            reached: boolean;
            /** @enum {string} */
            satisfaction?: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
            note?: string;
        };
        AppealInput: {
            /** @enum {string} */
            reason: "mistaken" | "malicious";
            explanation: string;
            attachments?: {
                id: string;
                sha256: string;
                size: number;
                item?: string;
            }[];
        };
        AppealDecisionInput: {
            uphold: boolean;
            note: string;
        };
        ComplaintOnCaseInput: {
            id: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unitId: string;
            windowCode: string | null;
            filedAt: string;
            contactDueAt: string | null;
            contactedAt: string | null;
            contactLapsed: boolean;
            closedAt: string | null;
            upheld: boolean | null;
        };
        ComplaintInput: {
            id: string;
            workflowId: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unit: {
                id: string;
                name: string;
            };
            windowCode: string | null;
            caseId: string | null;
            contact: {
                name: string;
                phone: string;
            };
            masked: boolean;
            contactOfficerId: string | null;
            content: string;
            filedAt: string;
            filedBy: string | null;
            contactDueAt: string | null;
            /** @description The contact deadline was counted on the plain Mon–Fri rule: its year's official calendar is not loaded */
            contactDueProvisional: boolean;
            contactedAt: string | null;
            contactedBy: string | null;
            contactNote: string | null;
            contactLapsedAt: string | null;
            closedAt: string | null;
            closedBy: string | null;
            upheld: boolean | null;
            findings: string | null;
            officerIds: string[];
        };
        TimelineStepInput: {
            seq: number;
            at: string;
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            actor: string;
            action: string;
            note?: string | null;
            subjectId?: string | null;
            deadlineAt?: string | null;
            elementId?: string | null;
        } & {
            [key: string]: unknown;
        };
        CaseStateInput: {
            id: string;
            workflowId: string;
            title: string;
            description: string;
            /** @description The category code (派单目录, GET /v1/categories) */
            category: string | null;
            /** @description The reference its creator gave at intake (an integrator's ticket number) */
            externalId?: string | null;
            channel: string;
            requester: {
                /** @enum {string} */
                kind: "person" | "enterprise";
                name: string;
                phone?: string;
            };
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            phase: string;
            keyProject: boolean;
            leadUnitId: string;
            involvedUnitIds: string[];
            assignee: {
                principalId: string;
                name: string;
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            } | null;
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            deadlineNote?: string;
            overdue: boolean;
            holders: ({
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                principalId: string;
                name: string;
                from: string;
            } & {
                [key: string]: unknown;
            })[];
            materials?: {
                items: string[];
            } & {
                [key: string]: unknown;
            };
            directives?: ({
                unitId: string;
                task: string;
                dueAt: string;
            } & {
                [key: string]: unknown;
            })[];
            outcome?: {
                kind: string;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                at: string;
            } & {
                [key: string]: unknown;
            };
            rating?: {
                rating: string;
                at: string;
            } & {
                [key: string]: unknown;
            };
            reopened: number;
            version: number;
            reviewRequested: boolean;
            createdAt: string;
            timeline: components["schemas"]["TimelineStepInput"][];
            links: {
                page: string;
                temporalUi: string;
            };
            halted?: {
                at: string;
                reason: string;
            };
            notices?: {
                at: string;
                /** @constant */
                kind: "sms";
                template: string;
                text: string;
            }[];
            textMessages?: {
                mobile: boolean;
                stopped: boolean;
                stoppedAt?: string;
            };
            complaints?: components["schemas"]["ComplaintOnCaseInput"][];
            supervisionNotices?: ({
                no: number;
                /** @enum {string} */
                level: "reminder" | "supervision" | "listed";
                label: string;
                labelEn: string;
                status: string;
                dueAt: string;
                unitId: string | null;
            } & {
                [key: string]: unknown;
            })[];
            extensions?: ({
                no: number;
                by: string;
                workingDays: number;
                status: string;
                decideBy: string;
            } & {
                [key: string]: unknown;
            })[];
            rectification?: {
                status: string;
                unitId: string;
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            callbacks?: ({
                no: number;
                method: string;
                reached: boolean;
            } & {
                [key: string]: unknown;
            })[];
            appeals?: ({
                no: number;
                status: string;
                ratingSeq: number;
                decideBy: string;
            } & {
                [key: string]: unknown;
            })[];
            aftercareUntil?: string;
            judgement?: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                at: string;
                /** @enum {string} */
                source: "rating" | "callback";
            } | null;
        } & {
            [key: string]: unknown;
        };
        RequesterViewInput: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            phase: string;
            /** @description The promised time of an answer or the next step; null once it is answered */
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            requester: {
                /** @description The phone on file, masked */
                phone?: string;
                /** @description Withdrawing and rating need a one-time code sent to that (mobile) phone: POST /v1/cases/{id}/requester-code, then the X-Sms-Code header */
                smsCodeRequired: boolean;
            };
            materials?: {
                items: string[];
                requestedAt: string;
                dueAt: string;
                suppliedAt?: string;
                supplied?: string[];
                attachments?: {
                    id: string;
                    sha256: string;
                    size: number;
                    item?: string;
                }[];
            };
            outcome?: {
                /** @enum {string} */
                kind: "resolved" | "refused" | "withdrawn";
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                at: string;
                result?: string;
                legalBasis?: string;
                explanation?: string;
            };
            rating?: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                comment?: string;
                at: string;
            };
            reopened: number;
            reviewRequested: boolean;
            createdAt: string;
            timeline: {
                seq: number;
                at: string;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                action: string;
                label: string;
                labelEn: string;
            }[];
            notices?: {
                at: string;
                /** @constant */
                kind: "sms";
                template: string;
                text: string;
            }[];
            textMessages?: {
                mobile: boolean;
                stopped: boolean;
                stoppedAt?: string;
            };
            extension?: {
                grantedAt: string;
                from: string;
                to: string;
                reason: string;
            };
        };
        IntakeAnswerInput: {
            id: string;
            trackingCode: string;
            trackingUrl: string;
            workflowId: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            assignee: {
                principalId: string;
                name: string;
                role: string;
            } | null;
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            similarPrecedents: {
                id: string;
                title: string;
                sourceKind: string;
                place: string | null;
            }[];
        };
        CaseSummaryInput: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            leadUnitId: string;
            assignee: {
                principalId: string;
                name: string;
            } | null;
            deadlineAt: string | null;
            overdue: boolean;
            createdAt: string;
            externalId?: string | null;
            category?: string | null;
        };
        RequesterCodeSentInput: {
            /** @enum {string} */
            purpose: "withdraw" | "rating";
            /** @description The phone on file, masked */
            sentTo: string;
            expiresAt: string;
        };
        RankingPolicyInput: {
            weights: {
                response: number;
                onTime: number;
                resolution: number;
                satisfaction: number;
            };
            deductions: {
                complaintUpheld: number;
                accountability: number;
            };
            minCases: number;
        };
        RankingPolicyChangeInput: {
            weights?: {
                response?: number;
                onTime?: number;
                resolution?: number;
                satisfaction?: number;
            };
            deductions?: {
                complaintUpheld?: number;
                accountability?: number;
            };
            minCases?: number;
        };
        PickTopicInput: {
            /** @enum {string} */
            kind: "category" | "escalation_reason" | "title_term";
            key: string;
            note?: string;
            ruleId?: string;
        };
        InboxItemInput: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            leadUnitId: string;
            assignee: {
                principalId: string;
                name: string;
            } | null;
            deadlineAt: string | null;
            overdue: boolean;
            createdAt: string;
            externalId?: string | null;
            category?: string | null;
            /** @enum {string} */
            kind: "case" | "part" | "directive" | "rectification";
            unitId?: string;
            task?: string;
            similarPrecedents?: {
                id: string;
                title: string;
                sourceKind: string;
                place: string | null;
            }[];
            supervision?: {
                no: number;
                /** @enum {string} */
                level: "reminder" | "supervision" | "listed";
                label: string;
                dueAt: string;
                note: string;
            };
        };
        UnitPartInput: {
            caseId: string;
            unitId: string;
            workflowId: string;
            question: string;
            /** @enum {string} */
            status: "open" | "answered" | "lapsed" | "withdrawn";
            tier: string;
            assignee: ({
                principalId: string;
                name: string;
            } & {
                [key: string]: unknown;
            }) | null;
            deadlineAt: string | null;
            answer?: {
                stance: string;
            } & {
                [key: string]: unknown;
            };
            timeline: ({
                seq: number;
                action: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        WindowInput: {
            code: string;
            name: string;
            unit: {
                id: string;
                name: string;
                nameEn: string;
            };
            complaintPage: string;
            complaintApi: string;
        };
        ComplaintFiledInput: {
            id: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unit: {
                id: string;
                name: string;
            };
            windowCode: string | null;
            caseId: string | null;
            filedAt: string;
            contactDueAt: string | null;
            message: string;
        };
        ReviewFindingInput: {
            id: string;
            /** @enum {string} */
            kind: "not_escalated" | "shelved" | "over_escalation";
            label: string;
            officer: {
                id: string;
                name: string;
            };
            unitId: string | null;
            subject: string;
            seq: number;
            summary: string;
            evidence: {
                [key: string]: unknown;
            } | null;
            proposedBy: string;
            /** @enum {string} */
            status: "proposed" | "confirmed" | "rejected";
            level: ("reminder" | "notice" | "accountability") | null;
            decidedBy: string | null;
            decidedAt: string | null;
            note: string | null;
            accountabilityRecordId: string | null;
        };
        ReviewInput: {
            id: string;
            subject: {
                /** @enum {string} */
                kind: "case" | "complaint" | "officer";
                id: string;
            };
            caseId: string | null;
            complaintId: string | null;
            officerId: string | null;
            openedBy: string;
            openedAt: string;
            note: string | null;
            /** @enum {string} */
            status: "open" | "concluded";
            path: {
                case: {
                    id: string;
                    title: string;
                    status: string;
                    tier: string;
                    leadUnitId: string;
                    createdAt: string;
                    closedAt: string | null;
                } | null;
                holders: {
                    officerId: string;
                    name: string;
                    unitId: string | null;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    via: string;
                    from: string;
                    until: string | null;
                    heldMs: number | null;
                }[];
                lapses: {
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    officerId: string | null;
                    deadlineAt: string | null;
                    unitId: string | null;
                }[];
                decisions: ({
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    by: string;
                    action: string;
                    note: string | null;
                } & {
                    [key: string]: unknown;
                })[];
                rejected: {
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    by: string | null;
                    code: string;
                    attempted: string | null;
                    note: string | null;
                }[];
                events: {
                    subject: string;
                    seq: number;
                    officerId: string;
                    unitId: string | null;
                    tier: string | null;
                    kind: string;
                    at: string;
                }[];
                complaint: {
                    id: string;
                    unitId: string;
                    filedAt: string;
                    contactDueAt: string | null;
                    contactedAt: string | null;
                    contactedBy: string | null;
                    contactLapsedAt: string | null;
                    closedAt: string | null;
                    upheld: boolean | null;
                } | null;
                complaints: components["schemas"]["ComplaintOnCaseInput"][];
                escalation: {
                    handled: number;
                    escalated: number;
                    rate: number | null;
                    ceiling: number;
                    evaluated: boolean;
                    flagged: boolean;
                    since: string;
                } | null;
            };
            findings: components["schemas"]["ReviewFindingInput"][];
        };
        AccountabilityRecordInput: {
            id: string;
            /** @enum {string} */
            kind: "not_escalated" | "shelved" | "over_escalation";
            kindLabel: string;
            /** @enum {string} */
            level: "reminder" | "notice" | "accountability";
            levelLabel: string;
            officer: {
                id: string;
                name: string;
            };
            unit: {
                id: string;
                name: string;
            } | null;
            caseId: string | null;
            complaintId: string | null;
            reviewId: string;
            findingId: string;
            summary: string;
            note: string | null;
            recordedBy: string;
            recordedAt: string;
        };
        OfficerPortraitInput: {
            officer: {
                id: string;
                name: string;
                role: string;
                tier: ("1" | "2" | "3" | "4" | "city") | null;
                unitId: string | null;
                unitName: string | null;
            };
            window: {
                days: number;
                from: string;
                to: string;
            };
            handled: number;
            resolvedAtOwnTier: number;
            refused: number;
            escalated: number;
            escalationRate: number | null;
            shelved: number;
            complaints: {
                received: number;
                upheld: number;
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
            medianHoursHeld: number | null;
            satisfaction: {
                rated: number;
                satisfied: number;
                unsatisfied: number;
                rate: number | null;
            };
            extensions: {
                asked: number;
                granted: number;
            };
            rectifications: number;
            overEscalation: {
                evaluated: boolean;
                flagged: boolean;
                ceiling: number;
                minCases: number;
            } | null;
            record: {
                positive: {
                    key: string;
                    label: string;
                    labelEn: string;
                    value: number | null;
                }[];
                negative: {
                    key: string;
                    label: string;
                    labelEn: string;
                    value: number | null;
                }[];
            };
        };
        UnitViewInput: {
            unit: {
                id: string;
                name: string;
                nameEn: string;
                kind: string;
            };
            window: {
                days: number;
                from: string;
                to: string;
            };
            cases: {
                led: number;
                byStatus: {
                    in_progress: number;
                    awaiting_materials: number;
                    coordinating: number;
                    at_city: number;
                    resolved: number;
                    refused: number;
                    withdrawn: number;
                };
                overdueNow: number;
            };
            handled: number;
            resolvedAtOwnTier: number;
            escalated: number;
            escalationRate: number | null;
            floor: {
                floor: number;
                evaluated: boolean;
                belowFloor: boolean;
                minCases: number;
            };
            shelved: number;
            complaints: {
                filed: number;
                contactLapsed: number;
                upheld: number;
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
            medianHoursHeld: number | null;
            satisfaction: {
                rated: number;
                satisfied: number;
                unsatisfied: number;
                rate: number | null;
            };
            extensions: {
                asked: number;
                granted: number;
            };
            rectifications: {
                opened: number;
                lapsed: number;
                closed: number;
            };
            officers: {
                id: string;
                name: string;
                role: string;
                handled: number;
                resolvedAtOwnTier: number;
                escalationRate: number | null;
                shelved: number;
                accountability: number;
                overEscalationFlagged: boolean;
            }[];
        };
        OverEscalationInput: {
            since: string;
            policy: {
                windowDays: number;
                minCases: number;
                unitMinCases: number;
                ceilings: {
                    [key: string]: number;
                };
                floor: number;
            };
            officers: {
                officerId: string;
                name: string;
                unitId: string | null;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4";
                handled: number;
                escalated: number;
                rate: number | null;
                ceiling: number;
                evaluated: boolean;
                flagged: boolean;
            }[];
            units: {
                unitId: string;
                name: string;
                handled: number;
                escalated: number;
                rate: number | null;
                floor: number;
                evaluated: boolean;
                belowFloor: boolean;
            }[];
        };
        CityStatsInput: {
            generatedAt: string;
            totals: {
                cases: number;
                open: number;
            };
            byStatus: {
                in_progress: number;
                awaiting_materials: number;
                coordinating: number;
                at_city: number;
                resolved: number;
                refused: number;
                withdrawn: number;
            };
            byClosingTier: {
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                resolved: number;
                refused: number;
            }[];
            byUnit: {
                unitId: string;
                name: string;
                total: number;
                open: number;
                resolved: number;
                refused: number;
                withdrawn: number;
                overdue: number;
            }[];
            overdueNow: number;
            rates: {
                response: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
                resolution: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
                satisfaction: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
            };
            complaints: {
                total: number;
                open: number;
                contacted: number;
                closed: number;
                contactLapsed: number;
                perWeek: {
                    weekStart: string;
                    count: number;
                }[];
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
        };
        VillageInput: {
            id: string;
            name: string;
            /** @enum {string} */
            kind: "village" | "community";
        };
        VillageProblemInput: {
            id: string;
            villageId: string;
            villageName: string;
            title: string;
            description: string;
            urgency: number;
            residents: number;
            carryCount: number;
            carriedFromId?: string;
            path?: {
                responsibleUnitId: string;
                deadline: string;
                caseId: string;
                caseReused: boolean;
            } & {
                [key: string]: unknown;
            };
            caseStatus?: string;
            midCheck?: {
                progress: string;
            } & {
                [key: string]: unknown;
            };
            outcome?: {
                /** @enum {string} */
                kind: "solved" | "in_progress" | "carried";
                expectedBy?: string;
            } & {
                [key: string]: unknown;
            };
            flagged?: boolean;
        } & {
            [key: string]: unknown;
        };
        VillageMonthReportTotalsInput: {
            total: number;
            solved: number;
            inProgress: number;
            carried: number;
            flagged: string[];
            /** @enum {string} */
            midCheck: "recorded" | "missed";
            /** @enum {string} */
            monthEnd: "recorded" | "derived" | "no_reception" | "no_problems";
            closedAt: string;
        };
        VillageMonthInput: {
            workflowId: string;
            townUnitId: string;
            month: string;
            /** @enum {string} */
            phase: "collecting" | "awaiting_reception" | "in_progress" | "mid_check_due" | "month_end_due" | "closed";
            villages: components["schemas"]["VillageInput"][];
            problems: components["schemas"]["VillageProblemInput"][];
            collectionClosesAt: string | null;
            scores: {
                villageId: string;
                villageName: string;
                score: number;
                problems: number;
                maxUrgency: number;
            }[];
            host?: {
                villageId: string;
                villageName: string;
                suggestedVillageId: string;
                /** @enum {string} */
                chosenBy: "score" | "override";
                overriddenBy?: string;
                reason?: string;
            } & {
                [key: string]: unknown;
            };
            reception?: {
                date: string;
                leaders: string[];
                recordedBy: string;
            } & {
                [key: string]: unknown;
            };
            midCheck?: {
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            monthEnd?: {
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            report?: components["schemas"]["VillageMonthReportTotalsInput"];
            events: ({
                seq: number;
                at: string;
                actor: string;
                action: string;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Stage dates still ahead that are provisional (the year's official calendar is not loaded); a `deadline_retimed` event follows the load */
            provisionalDates?: ("collection" | "reception" | "midCheck" | "monthEnd" | "closeGrace")[];
            links: {
                temporalUi: string;
            };
        } & {
            [key: string]: unknown;
        };
        VillageMonthReportInput: {
            townUnitId: string;
            month: string;
            host: {
                villageId: string;
                villageName: string;
                /** @enum {string} */
                chosenBy: "score" | "override";
                reason?: string;
            } | null;
            receptionDate: string | null;
            totals: components["schemas"]["VillageMonthReportTotalsInput"];
            items: {
                problemId: string;
                villageName: string;
                title: string;
                responsibleUnitId: string | null;
                deadline: string | null;
                caseId: string | null;
                caseStatus: string | null;
                /** @enum {string} */
                outcome: "solved" | "in_progress" | "carried";
                expectedBy: string | null;
                monthsCarried: number;
                flagged: boolean;
                note: string | null;
            }[];
            solvedSinceStart: number;
        };
        PrecedentCreateInput: {
            source: {
                /** @constant */
                kind: "local_case";
                /** @description A resolved case of this city (本市办结案件) */
                caseId: string;
            } | {
                /** @constant */
                kind: "elsewhere";
                /** @description The city or province whose practice it is, e.g. 江苏省南京市 */
                place: string;
                /** @description Where it is documented: a notice and its number, a report, a link */
                documentedIn: string;
            };
            /** @description Required for a practice from elsewhere; defaults to the case title */
            title?: string;
            category?: string;
            /**
             * @description Required for a practice from elsewhere; for a case, read from its escalations
             * @enum {string}
             */
            kind?: "legacy" | "cross_department" | "no_precedent" | "other";
            /** @description Required for a practice from elsewhere; defaults to the case description */
            problem?: string;
            /** @description Required for a practice from elsewhere; defaults to what the case was resolved with */
            solution?: string;
            /** @description Units involved; for a case, defaults to its units */
            unitIds?: string[];
            /** @description The rule (制度) it led to, if any */
            ruleId?: string;
        };
        PrecedentInput: {
            id: string;
            title: string;
            category: string | null;
            /** @enum {string} */
            kind: "legacy" | "cross_department" | "no_precedent" | "other";
            kindLabel: string;
            problem: string;
            solution: string;
            source: {
                /** @enum {string} */
                kind: "local_case" | "elsewhere";
                caseId?: string;
                caseTitle?: string;
                place?: string;
                documentedIn?: string;
            };
            units: {
                id: string;
                name: string;
            }[];
            /** @description The rules it led to (形成制度) */
            rules: {
                id: string;
                title: string;
                issuedOn: string;
                issuingUnitId: string;
            }[];
            /** @description Precedents the source case itself cited */
            builtOn: {
                id: string;
                title: string;
                /** @enum {string} */
                sourceKind: "local_case" | "elsewhere";
                place: string | null;
            }[];
            /** @description Decisions (escalate, resolve) that cited it */
            citeCount: number;
            /** @description Distinct cases that cited it */
            citedByCases: number;
            citations: {
                caseId: string;
                caseTitle: string | null;
                seq: number;
                action: string;
                at: string;
            }[];
            createdBy: string;
            createdAt: string;
            links: {
                page: string;
            };
        };
        LibraryHitInput: {
            /** @enum {string} */
            type: "precedent" | "case" | "rule";
            id: string;
            title: string;
            /** @description HTML-escaped title, query terms in <mark> */
            titleHtml: string;
            /** @description HTML-escaped excerpt, query terms in <mark>; phone numbers masked */
            snippet: string;
            category: string | null;
            score: number;
            date: string | null;
            unitIds: string[];
            /** @enum {string} */
            kind?: "legacy" | "cross_department" | "no_precedent" | "other";
            /** @enum {string} */
            sourceKind?: "local_case" | "elsewhere";
            place?: string | null;
            citeCount?: number;
            sourceCaseId?: string | null;
            issuingUnitId?: string;
            documentNo?: string | null;
        };
        SimilarPrecedentInput: {
            id: string;
            title: string;
            /** @enum {string} */
            kind: "legacy" | "cross_department" | "no_precedent" | "other";
            category: string | null;
            /** @enum {string} */
            sourceKind: "local_case" | "elsewhere";
            place: string | null;
            citeCount: number;
            score: number;
            /** @enum {string} */
            matchedOn: "text" | "category";
            snippet: string;
        };
        RuleCreateInput: {
            title: string;
            /** @description What the rule lays down (e.g. the joint-review procedure) */
            content: string;
            /** @description Defaults to a principal head's own unit; required for a supervisor */
            issuingUnitId?: string;
            /**
             * Format: date
             * @description Date of issue, YYYY-MM-DD
             */
            issuedOn: string;
            /** @description Document number (文号) */
            documentNo?: string;
            category?: string;
            /** @description The cases it grew from */
            caseIds?: string[];
            /** @description The precedents it grew from */
            precedentIds?: string[];
        };
        RuleInput: {
            id: string;
            title: string;
            content: string;
            issuingUnit: {
                id: string;
                name: string;
            };
            issuedOn: string;
            documentNo: string | null;
            category: string | null;
            cases: {
                id: string;
                title: string;
                status: string;
                leadUnitId: string;
            }[];
            precedents: {
                id: string;
                title: string;
                /** @enum {string} */
                sourceKind: "local_case" | "elsewhere";
                place: string | null;
            }[];
            createdBy: string;
            createdAt: string;
        };
        CaseTraceInput: {
            caseId: string;
            processId: string;
            diagramId: string;
            current: string | null;
            /** @description Elements (nodes and sequence flows) the case passed through and left, first visit first */
            visited: string[];
            steps: {
                seq: number;
                action: string;
                elementId: string | null;
                label: string;
                labelEn: string;
            }[];
            /** @description Time the case waited at each task, in ms */
            timeSpentMs: {
                [key: string]: number;
            };
            /** @description How often each timer fired (lapsed deadlines, reminders) */
            fired: {
                [key: string]: number;
            };
        };
        TokenInfoInput: {
            id: string;
            principalId: string;
            label: string | null;
            createdAt: string;
            revokedAt: string | null;
            /** @description After this instant the token answers 401 TOKEN_EXPIRED; null only for demo tokens outside production */
            expiresAt: string | null;
        };
        IssuedTokenInput: {
            id: string;
            principalId: string;
            label: string | null;
            createdAt: string;
            revokedAt: string | null;
            /** @description After this instant the token answers 401 TOKEN_EXPIRED; null only for demo tokens outside production */
            expiresAt: string | null;
            /** @description The bearer token itself; shown only in this answer. */
            token: string;
        };
        PrincipalRecordInput: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            unitId: string | null;
            sectionId: string | null;
            phone: string | null;
            standInId: string | null;
            active: boolean;
            deputySectionIds: string[];
        };
        UnitRecordInput: {
            id: string;
            name: string;
            nameEn: string;
            kind: string;
            cityLeaderId: string | null;
        };
        SectionRecordInput: {
            id: string;
            unitId: string;
            name: string;
        };
        HandOverInput: {
            principalIds: string[];
            /** @description Workflows told to hand the work over (directoryChanged) */
            signalled: string[];
            /** @description Workflows that could not be told now; POST /v1/principals/{id}/hand-over sends again */
            failed: string[];
        };
        DirectoryImportInput: {
            dryRun: boolean;
            units: {
                created: number;
                updated: number;
            };
            sections: {
                created: number;
                updated: number;
            };
            principals: {
                created: number;
                updated: number;
                deactivated: string[];
                unchanged: number;
            };
            handOver: components["schemas"]["HandOverInput"] | null;
            /** @description The file deactivates more principals than `threshold`: it runs only with the `confirmation` of its dry run */
            needsConfirmation: boolean;
            /** @description How many principals an import may deactivate without a dry run first (DIRECTORY_IMPORT_DEACTIVATE_SHARE of the active ones, at least DIRECTORY_IMPORT_DEACTIVATE_FLOOR) */
            threshold: number;
            /** @description On a dry run: send it back as `?confirm=` to run this very file; bound to the file and to whom it deactivates */
            confirmation: string | null;
        };
        DirectoryAuditEntryInput: {
            id: number;
            at: string;
            actorId: string;
            action: string;
            subjectKind: string;
            subjectId: string;
            before: unknown;
            after: unknown;
            handedOver: unknown;
        };
        TierRulesInput: {
            tiers: {
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                label: string;
                labelEn: string;
                duty: string;
                /** @description What a holder of this tier may decide */
                actions: ("resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct")[];
                /** @description Where escalation or a lapsed window leads */
                next: ("1" | "2" | "3" | "4" | "city") | null;
                /** @description Whether this tier may say "no" (说"不"), with a legal basis */
                mayRefuse: boolean;
            }[];
            actions: {
                /** @enum {string} */
                action: "resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct";
                label: string;
                labelEn: string;
            }[];
            escalationReasons: {
                /** @enum {string} */
                reason: "beyond_remit" | "unsure" | "cross_department" | "legacy" | "no_precedent";
                label: string;
                labelEn: string;
            }[];
            ratings: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                label: string;
                labelEn: string;
                /** @description Reopens the case once, one tier up */
                unsatisfied: boolean;
            }[];
        };
        AllowedDecisionsInput: {
            caseId: string;
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            status: string;
            /** @description The decisions the caller may take on this case now, in the order of the rule table */
            actions: ("resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct")[];
            /** @description Why nothing is allowed (not the holder, case closed…) */
            blocked?: {
                code: string;
                message: string;
            };
        };
        CalendarYearInput: {
            year: number;
            /**
             * @description official: loaded from the State Council notice; package: the chinese-days data; none: not known
             * @enum {string}
             */
            source: "official" | "package" | "none";
            /** @description Deadlines in this year are counted on the plain Mon–Fri rule */
            provisional: boolean;
            documentNo: string | null;
            loadedBy: string | null;
            loadedAt: string | null;
            holidays: {
                name: string;
                from: string;
                to: string;
            }[];
            /** @description Make-up working days (调休上班) */
            workdays: {
                date: string;
                name?: string;
            }[];
            /** @description Every load of the year, newest first */
            history: {
                id: number;
                documentNo: string;
                loadedBy: string;
                loadedAt: string;
                /** @enum {string} */
                format: "json" | "ical";
                /** @description What this load replaced */
                replaced: {
                    /** @enum {string} */
                    source: "official" | "package" | "none";
                    documentNo: string | null;
                };
                /** @description Telling the running workflows: pending until every one was told */
                retiming: {
                    /** @enum {string} */
                    status: "pending" | "done";
                    signalled: number;
                    doneAt: string | null;
                    error: string | null;
                };
            }[];
        };
        CalendarLoadInput: {
            year: number;
            /**
             * @description official: loaded from the State Council notice; package: the chinese-days data; none: not known
             * @enum {string}
             */
            source: "official" | "package" | "none";
            /** @description Deadlines in this year are counted on the plain Mon–Fri rule */
            provisional: boolean;
            documentNo: string | null;
            loadedBy: string | null;
            loadedAt: string | null;
            holidays: {
                name: string;
                from: string;
                to: string;
            }[];
            /** @description Make-up working days (调休上班) */
            workdays: {
                date: string;
                name?: string;
            }[];
            /** @description Every load of the year, newest first */
            history: {
                id: number;
                documentNo: string;
                loadedBy: string;
                loadedAt: string;
                /** @enum {string} */
                format: "json" | "ical";
                /** @description What this load replaced */
                replaced: {
                    /** @enum {string} */
                    source: "official" | "package" | "none";
                    documentNo: string | null;
                };
                /** @description Telling the running workflows: pending until every one was told */
                retiming: {
                    /** @enum {string} */
                    status: "pending" | "done";
                    signalled: number;
                    doneAt: string | null;
                    error: string | null;
                };
            }[];
            /** @description The same notice was already loaded: nothing changed, nothing re-timed */
            unchanged: boolean;
        };
        CalendarDeadlineInput: {
            from: string;
            deadlineAt: string;
            /** @description Depends on days outside the published calendar */
            provisional: boolean;
            note?: string;
            /** @description Each day from the start to the deadline, and why it counts or not */
            days: {
                date: string;
                working: boolean;
                known: boolean;
                reason: string;
            }[];
        };
        FailedNotificationInput: {
            id: number;
            key: string;
            caseId: string | null;
            recipientId: string;
            recipientKind: string;
            template: string;
            /** @enum {string} */
            queue: "cases" | "complaints";
            body: string;
            status: string;
            attempts: number;
            lastError: string | null;
            createdAt: string;
            failedAt: string;
        };
        PayloadInput: {
            metadata?: {
                [key: string]: string;
            };
            data?: string;
        };
        PayloadsInInput: {
            payloads?: components["schemas"]["PayloadInput"][];
        };
        PayloadsInput: {
            payloads: components["schemas"]["PayloadInput"][];
        };
        CategoryInput: {
            code: string;
            name: string;
            nameEn: string | null;
            /** @description The unit that takes a case of this category when the intake names none (派单) */
            defaultUnitId: string;
            active: boolean;
        };
        CategoryImportInput: {
            dryRun: boolean;
            created: number;
            updated: number;
            unchanged: number;
            deactivated: string[];
        };
        IntegratorEventInput: {
            /** @constant */
            specversion: "1.0";
            /** @description `<subject>.<sequence>`: the same on every delivery of the event, and in the feed */
            id: string;
            /** @description `/v1/cases`, or `/v1/complaints` for a complaint about no case */
            source: string;
            /** @enum {string} */
            type: "case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed";
            /** @description The case id (a complaint about no case: the complaint id) */
            subject: string;
            /** @description When it happened */
            time: string;
            /** @constant */
            datacontenttype: "application/json";
            /** @description The event's number in its subject's stream, 1, 2, 3… without gaps, zero-padded to ten digits (CloudEvents sequence extension) */
            sequence: string;
            /** @description Per type: see docs/integrators.md */
            data: {
                caseId?: string;
                /** @description Your own reference of the case (its intake's externalId); null unless you started the case */
                externalId: string | null;
                /** @description The category code (派单目录) */
                category?: string | null;
                /**
                 * @description The tier the case is at (never who holds it)
                 * @enum {string}
                 */
                tier?: "1" | "2" | "3" | "4" | "city";
            } & {
                [key: string]: unknown;
            };
        };
        SubscriptionInput: {
            id: string;
            ownerId: string;
            url: string;
            events: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
            description: string;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description gone (the receiver answered 410), by_owner, by_admin */
            disabledReason: string | null;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one */
            previousSecretValidUntil: string | null;
            createdAt: string;
            updatedAt: string;
        };
        SubscriptionWithSecretInput: {
            id: string;
            ownerId: string;
            url: string;
            events: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
            description: string;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description gone (the receiver answered 410), by_owner, by_admin */
            disabledReason: string | null;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one */
            previousSecretValidUntil: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description The signing secret (`whsec_…`), shown this once: give it to your Standard Webhooks library */
            secret: string;
        };
        FailedDeliveryInput: {
            eventId: string;
            /** @enum {string} */
            type: "case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed";
            subject: string;
            sequence: number;
            attempts: number;
            firstAttemptAt: string | null;
            failedAt: string;
            /** @description Your receiver's HTTP status at the last attempt; null: no answer */
            lastStatus: number | null;
            lastError: string | null;
            event: components["schemas"]["IntegratorEventInput"];
        };
        EventScopeInput: {
            principalId: string;
            all: boolean;
            unitIds: string[];
            categories: string[];
        };
        ReportRatioInput: {
            numerator: number;
            denominator: number;
            rate: number | null;
        };
        MonthlyReportInput: {
            month: string;
            from: string;
            to: string;
            /** @constant */
            timeZone: "Asia/Shanghai";
            complete: boolean;
            generatedAt: string;
            units: {
                unitId: string;
                name: string;
                nameEn: string;
                kind: string;
                createdAt: string | null;
                rates: {
                    response: components["schemas"]["ReportRatioInput"];
                    onTime: components["schemas"]["ReportRatioInput"];
                    resolution: components["schemas"]["ReportRatioInput"];
                    satisfaction: components["schemas"]["ReportRatioInput"];
                    escalation: components["schemas"]["ReportRatioInput"];
                };
                counts: {
                    received: number | null;
                    resolved: number | null;
                    refused: number | null;
                    withdrawn: number | null;
                    lapses: number | null;
                    shelved: number | null;
                    complaintsFiled: number | null;
                    complaintsUpheld: number | null;
                    findings: number | null;
                    accountability: number | null;
                    extensions: number | null;
                    supervisionNotices: number | null;
                    rectifications: number | null;
                    rectificationsLapsed: number | null;
                };
            }[];
            city: {
                rates: {
                    response: components["schemas"]["ReportRatioInput"];
                    onTime: components["schemas"]["ReportRatioInput"];
                    resolution: components["schemas"]["ReportRatioInput"];
                    satisfaction: components["schemas"]["ReportRatioInput"];
                    escalation: components["schemas"]["ReportRatioInput"];
                };
                counts: {
                    received: number | null;
                    resolved: number | null;
                    refused: number | null;
                    withdrawn: number | null;
                    lapses: number | null;
                    shelved: number | null;
                    complaintsFiled: number | null;
                    complaintsUpheld: number | null;
                    findings: number | null;
                    accountability: number | null;
                    extensions: number | null;
                    supervisionNotices: number | null;
                    rectifications: number | null;
                    rectificationsLapsed: number | null;
                };
            };
            figures: {
                key: string;
                /** @enum {string} */
                kind: "rate" | "count";
                label: string;
                labelEn: string;
                counts: string;
                available: boolean;
                note?: string;
            }[];
        };
        MonthlyRankingsInput: {
            month: string;
            previousMonth: string;
            complete: boolean;
            generatedAt: string;
            policy: components["schemas"]["RankingPolicyInput"];
            /** @enum {string} */
            policySource: "default" | "set";
            units: {
                rank: number | null;
                unitId: string;
                name: string;
                score: number | null;
                base: number | null;
                deductions: number;
                ranked: boolean;
                reason: ("too_few_cases" | "no_rates") | null;
                previousRank: number | null;
                change: number | null;
                rates: {
                    response: components["schemas"]["ReportRatioInput"];
                    onTime: components["schemas"]["ReportRatioInput"];
                    resolution: components["schemas"]["ReportRatioInput"];
                    satisfaction: components["schemas"]["ReportRatioInput"];
                };
                counts: {
                    received: number;
                    complaintsUpheld: number;
                    accountability: number;
                };
                createdAt: string | null;
            }[];
        };
        MonthlyTopicInput: {
            month: string;
            /** @enum {string} */
            kind: "category" | "escalation_reason" | "title_term";
            kindLabel: string;
            key: string;
            label: string;
            cases: number;
            note: string | null;
            pickedBy: string;
            pickedAt: string;
            rule: {
                id: string;
                title: string;
                documentNo: string | null;
                issuedOn: string;
                linkedBy: string | null;
                linkedAt: string | null;
            } | null;
        };
        MonthlyCategoriesInput: {
            month: string;
            from: string;
            to: string;
            complete: boolean;
            cases: number;
            uncategorised: number;
            byCategory: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            byEscalationReason: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            titleTerms: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            topic: components["schemas"]["MonthlyTopicInput"] | null;
        };
        MonthlyRecordsInput: {
            month: string;
            from: string;
            to: string;
            shelved: {
                caseId: string;
                part: boolean;
                title: string | null;
                unit: {
                    id: string;
                    name: string;
                };
                officer: {
                    id: string;
                    name: string;
                };
                tier: string | null;
                at: string;
            }[];
            accountability: components["schemas"]["AccountabilityRecordInput"][];
        };
        RankingPolicyViewInput: {
            policy: components["schemas"]["RankingPolicyInput"];
            /** @enum {string} */
            source: "default" | "set";
            setBy: string | null;
            setAt: string | null;
        };
        ExportAuditInput: {
            id: number;
            at: string;
            principalId: string;
            /** @enum {string} */
            role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            /** @enum {string} */
            ledger: "cases" | "complaints" | "accountability" | "village_months" | "monthly_report";
            params: {
                [key: string]: string;
            };
            masked: boolean;
            rows: number | null;
            finishedAt: string | null;
        };
        AttachmentInput: {
            id: string;
            caseId: string;
            sha256: string;
            size: number;
            /** @enum {string} */
            mediaType: "application/pdf" | "image/jpeg" | "image/png";
            fileName: string;
            /** @enum {string} */
            purpose: "case" | "materials" | "decision";
            item: string | null;
            /** @enum {string} */
            uploaderKind: "requester" | "officer";
            uploadedBy?: string;
            /** @enum {string} */
            processing: "reencoded" | "none";
            createdAt: string;
        };
        AttachmentUploadInput: {
            /**
             * Format: binary
             * @description The file: PDF, JPEG or PNG (judged by its bytes, not its name)
             */
            file: string;
            /**
             * @description What it is for: case (default), materials, decision
             * @enum {string}
             */
            purpose?: "case" | "materials" | "decision";
            /** @description The requested material (补正材料) it answers */
            item?: string;
        };
        TextMessagesInput: {
            mobile: boolean;
            stopped: boolean;
            stoppedAt?: string;
        };
        IntakeStartFailureInput: {
            /** @enum {string} */
            status: "retrying" | "start_failed";
            attempts: number;
            firstFailedAt: string;
            lastFailedAt: string;
            errorCode: string;
            errorDetail: string;
            caseId: string;
            title: string;
            leadUnitId: string;
            createdBy: string;
            createdAt: string;
        };
        ComplaintStartFailureInput: {
            /** @enum {string} */
            status: "retrying" | "start_failed";
            attempts: number;
            firstFailedAt: string;
            lastFailedAt: string;
            errorCode: string;
            errorDetail: string;
            complaintId: string;
            unitId: string;
            filedAt: string;
        };
        RectificationItemInput: {
            caseId: string;
            title: string;
            unit: {
                id: string;
                name: string;
            };
            rating: string;
            /** @enum {string} */
            status: "open" | "reported" | "closed" | "voided" | "ended";
            openedAt: string;
            dueAt: string;
            lapsed: boolean;
            lapsedAt: string | null;
            overdue: boolean;
            report: {
                by: string;
                at: string;
                changes: string;
            } | null;
            closedAt: string | null;
            closedBy: string | null;
            callbackNo: number | null;
            note: string | null;
        };
        SupervisionItemInput: {
            caseId: string;
            title: string;
            /** @enum {string} */
            kind: "notice" | "extension" | "rectification" | "appeal";
            no: number;
            unitId: string;
            status: string;
            level: string | null;
            openedBy: string;
            openedAt: string;
            dueAt: string | null;
            lapsedAt: string | null;
            closedAt: string | null;
        };
        ComplaintPendingVerificationInput: {
            id: string;
            /** @constant */
            verification: "required";
            expiresAt: string;
            message: string;
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            errors?: {
                path: string;
                message: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        CalendarNotice: {
            /** @description The notice's document number, e.g. 国办发明电〔2026〕N号 */
            documentNo: string;
            holidays: {
                /** @description The holiday, e.g. 春节 Spring Festival */
                name: string;
                /** @description First day off */
                from: string;
                /** @description Last day off (inclusive) */
                to: string;
            }[];
            /**
             * @description Make-up working days (调休上班): weekend days that are worked
             * @default []
             */
            workdays: (string | {
                date: string;
                /** @description The holiday it makes up for */
                name?: string;
            })[];
        };
        ComplaintIntake: {
            windowCode?: string;
            unitId?: string;
            caseId?: string;
            trackingCode?: string;
            contact: {
                name: string;
                phone: string;
            };
            content: string;
        };
        OpenReview: {
            caseId?: string;
            complaintId?: string;
            officerId?: string;
            note?: string;
        };
        Unit: {
            id: string;
            name: string;
            nameEn: string;
            kind: string;
            sections: {
                id: string;
                name: string;
            }[];
            officers: {
                id: string;
                name: string;
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                sectionId?: string;
            }[];
            cityLeaderId: string | null;
        };
        SupervisionNoticeIntake: {
            /** @enum {string} */
            level: "reminder" | "supervision" | "listed";
            due: {
                workingDays: number;
            } | {
                workingHours: number;
            } | {
                duration: string;
            };
            note: string;
            unitId?: string;
        };
        SupervisionNoticeWithdrawal: {
            note?: string;
        };
        ExtensionRequest: {
            workingDays: number;
            reason: string;
        };
        ExtensionDecision: {
            approve: boolean;
            note?: string;
        };
        RectificationReport: {
            changes: string;
            attachments?: {
                id: string;
                sha256: string;
                size: number;
                item?: string;
            }[];
        };
        RectificationClose: {
            note?: string;
        };
        Callback: {
            /** @enum {string} */
            method: "phone" | "sms" | "visit" | "online";
            reached: boolean;
            /** @enum {string} */
            satisfaction?: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
            note?: string;
        };
        Appeal: {
            /** @enum {string} */
            reason: "mistaken" | "malicious";
            explanation: string;
            attachments?: {
                id: string;
                sha256: string;
                size: number;
                item?: string;
            }[];
        };
        AppealDecision: {
            uphold: boolean;
            note: string;
        };
        ComplaintOnCase: {
            id: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unitId: string;
            windowCode: string | null;
            filedAt: string;
            contactDueAt: string | null;
            contactedAt: string | null;
            contactLapsed: boolean;
            closedAt: string | null;
            upheld: boolean | null;
        };
        Complaint: {
            id: string;
            workflowId: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unit: {
                id: string;
                name: string;
            };
            windowCode: string | null;
            caseId: string | null;
            contact: {
                name: string;
                phone: string;
            };
            masked: boolean;
            contactOfficerId: string | null;
            content: string;
            filedAt: string;
            filedBy: string | null;
            contactDueAt: string | null;
            /** @description The contact deadline was counted on the plain Mon–Fri rule: its year's official calendar is not loaded */
            contactDueProvisional: boolean;
            contactedAt: string | null;
            contactedBy: string | null;
            contactNote: string | null;
            contactLapsedAt: string | null;
            closedAt: string | null;
            closedBy: string | null;
            upheld: boolean | null;
            findings: string | null;
            officerIds: string[];
        };
        TimelineStep: {
            seq: number;
            at: string;
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            actor: string;
            action: string;
            note?: string | null;
            subjectId?: string | null;
            deadlineAt?: string | null;
            elementId?: string | null;
        } & {
            [key: string]: unknown;
        };
        CaseState: {
            id: string;
            workflowId: string;
            title: string;
            description: string;
            /** @description The category code (派单目录, GET /v1/categories) */
            category: string | null;
            /** @description The reference its creator gave at intake (an integrator's ticket number) */
            externalId?: string | null;
            channel: string;
            requester: {
                /** @enum {string} */
                kind: "person" | "enterprise";
                name: string;
                phone?: string;
            };
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            phase: string;
            keyProject: boolean;
            leadUnitId: string;
            involvedUnitIds: string[];
            assignee: {
                principalId: string;
                name: string;
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            } | null;
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            deadlineNote?: string;
            overdue: boolean;
            holders: ({
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                principalId: string;
                name: string;
                from: string;
            } & {
                [key: string]: unknown;
            })[];
            materials?: {
                items: string[];
            } & {
                [key: string]: unknown;
            };
            directives?: ({
                unitId: string;
                task: string;
                dueAt: string;
            } & {
                [key: string]: unknown;
            })[];
            outcome?: {
                kind: string;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                at: string;
            } & {
                [key: string]: unknown;
            };
            rating?: {
                rating: string;
                at: string;
            } & {
                [key: string]: unknown;
            };
            reopened: number;
            version: number;
            reviewRequested: boolean;
            createdAt: string;
            timeline: components["schemas"]["TimelineStep"][];
            links: {
                page: string;
                temporalUi: string;
            };
            halted?: {
                at: string;
                reason: string;
            };
            notices?: {
                at: string;
                /** @constant */
                kind: "sms";
                template: string;
                text: string;
            }[];
            textMessages?: {
                mobile: boolean;
                stopped: boolean;
                stoppedAt?: string;
            };
            complaints?: components["schemas"]["ComplaintOnCase"][];
            supervisionNotices?: ({
                no: number;
                /** @enum {string} */
                level: "reminder" | "supervision" | "listed";
                label: string;
                labelEn: string;
                status: string;
                dueAt: string;
                unitId: string | null;
            } & {
                [key: string]: unknown;
            })[];
            extensions?: ({
                no: number;
                by: string;
                workingDays: number;
                status: string;
                decideBy: string;
            } & {
                [key: string]: unknown;
            })[];
            rectification?: {
                status: string;
                unitId: string;
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            callbacks?: ({
                no: number;
                method: string;
                reached: boolean;
            } & {
                [key: string]: unknown;
            })[];
            appeals?: ({
                no: number;
                status: string;
                ratingSeq: number;
                decideBy: string;
            } & {
                [key: string]: unknown;
            })[];
            aftercareUntil?: string;
            judgement?: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                at: string;
                /** @enum {string} */
                source: "rating" | "callback";
            } | null;
        } & {
            [key: string]: unknown;
        };
        RequesterView: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            phase: string;
            /** @description The promised time of an answer or the next step; null once it is answered */
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            requester: {
                /** @description The phone on file, masked */
                phone?: string;
                /** @description Withdrawing and rating need a one-time code sent to that (mobile) phone: POST /v1/cases/{id}/requester-code, then the X-Sms-Code header */
                smsCodeRequired: boolean;
            };
            materials?: {
                items: string[];
                requestedAt: string;
                dueAt: string;
                suppliedAt?: string;
                supplied?: string[];
                attachments?: {
                    id: string;
                    sha256: string;
                    size: number;
                    item?: string;
                }[];
            };
            outcome?: {
                /** @enum {string} */
                kind: "resolved" | "refused" | "withdrawn";
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                at: string;
                result?: string;
                legalBasis?: string;
                explanation?: string;
            };
            rating?: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                comment?: string;
                at: string;
            };
            reopened: number;
            reviewRequested: boolean;
            createdAt: string;
            timeline: {
                seq: number;
                at: string;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                action: string;
                label: string;
                labelEn: string;
            }[];
            notices?: {
                at: string;
                /** @constant */
                kind: "sms";
                template: string;
                text: string;
            }[];
            textMessages?: {
                mobile: boolean;
                stopped: boolean;
                stoppedAt?: string;
            };
            extension?: {
                grantedAt: string;
                from: string;
                to: string;
                reason: string;
            };
        };
        IntakeAnswer: {
            id: string;
            trackingCode: string;
            trackingUrl: string;
            workflowId: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            assignee: {
                principalId: string;
                name: string;
                role: string;
            } | null;
            deadlineAt: string | null;
            deadlineProvisional: boolean;
            similarPrecedents: {
                id: string;
                title: string;
                sourceKind: string;
                place: string | null;
            }[];
        };
        CaseSummary: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            leadUnitId: string;
            assignee: {
                principalId: string;
                name: string;
            } | null;
            deadlineAt: string | null;
            overdue: boolean;
            createdAt: string;
            externalId?: string | null;
            category?: string | null;
        };
        RequesterCodeSent: {
            /** @enum {string} */
            purpose: "withdraw" | "rating";
            /** @description The phone on file, masked */
            sentTo: string;
            expiresAt: string;
        };
        RankingPolicy: {
            weights: {
                response: number;
                onTime: number;
                resolution: number;
                satisfaction: number;
            };
            deductions: {
                complaintUpheld: number;
                accountability: number;
            };
            minCases: number;
        };
        RankingPolicyChange: {
            weights?: {
                response?: number;
                onTime?: number;
                resolution?: number;
                satisfaction?: number;
            };
            deductions?: {
                complaintUpheld?: number;
                accountability?: number;
            };
            minCases?: number;
        };
        PickTopic: {
            /** @enum {string} */
            kind: "category" | "escalation_reason" | "title_term";
            key: string;
            note?: string;
            ruleId?: string;
        };
        InboxItem: {
            id: string;
            title: string;
            /** @enum {string} */
            status: "in_progress" | "awaiting_materials" | "coordinating" | "at_city" | "resolved" | "refused" | "withdrawn";
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            leadUnitId: string;
            assignee: {
                principalId: string;
                name: string;
            } | null;
            deadlineAt: string | null;
            overdue: boolean;
            createdAt: string;
            externalId?: string | null;
            category?: string | null;
            /** @enum {string} */
            kind: "case" | "part" | "directive" | "rectification";
            unitId?: string;
            task?: string;
            similarPrecedents?: {
                id: string;
                title: string;
                sourceKind: string;
                place: string | null;
            }[];
            supervision?: {
                no: number;
                /** @enum {string} */
                level: "reminder" | "supervision" | "listed";
                label: string;
                dueAt: string;
                note: string;
            };
        };
        UnitPart: {
            caseId: string;
            unitId: string;
            workflowId: string;
            question: string;
            /** @enum {string} */
            status: "open" | "answered" | "lapsed" | "withdrawn";
            tier: string;
            assignee: ({
                principalId: string;
                name: string;
            } & {
                [key: string]: unknown;
            }) | null;
            deadlineAt: string | null;
            answer?: {
                stance: string;
            } & {
                [key: string]: unknown;
            };
            timeline: ({
                seq: number;
                action: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        Window: {
            code: string;
            name: string;
            unit: {
                id: string;
                name: string;
                nameEn: string;
            };
            complaintPage: string;
            complaintApi: string;
        };
        ComplaintFiled: {
            id: string;
            /** @enum {string} */
            status: "open" | "contacted" | "closed";
            unit: {
                id: string;
                name: string;
            };
            windowCode: string | null;
            caseId: string | null;
            filedAt: string;
            contactDueAt: string | null;
            message: string;
        };
        ReviewFinding: {
            id: string;
            /** @enum {string} */
            kind: "not_escalated" | "shelved" | "over_escalation";
            label: string;
            officer: {
                id: string;
                name: string;
            };
            unitId: string | null;
            subject: string;
            seq: number;
            summary: string;
            evidence: {
                [key: string]: unknown;
            } | null;
            proposedBy: string;
            /** @enum {string} */
            status: "proposed" | "confirmed" | "rejected";
            level: ("reminder" | "notice" | "accountability") | null;
            decidedBy: string | null;
            decidedAt: string | null;
            note: string | null;
            accountabilityRecordId: string | null;
        };
        Review: {
            id: string;
            subject: {
                /** @enum {string} */
                kind: "case" | "complaint" | "officer";
                id: string;
            };
            caseId: string | null;
            complaintId: string | null;
            officerId: string | null;
            openedBy: string;
            openedAt: string;
            note: string | null;
            /** @enum {string} */
            status: "open" | "concluded";
            path: {
                case: {
                    id: string;
                    title: string;
                    status: string;
                    tier: string;
                    leadUnitId: string;
                    createdAt: string;
                    closedAt: string | null;
                } | null;
                holders: {
                    officerId: string;
                    name: string;
                    unitId: string | null;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    via: string;
                    from: string;
                    until: string | null;
                    heldMs: number | null;
                }[];
                lapses: {
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    officerId: string | null;
                    deadlineAt: string | null;
                    unitId: string | null;
                }[];
                decisions: ({
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    by: string;
                    action: string;
                    note: string | null;
                } & {
                    [key: string]: unknown;
                })[];
                rejected: {
                    seq: number;
                    at: string;
                    /** @enum {string} */
                    tier: "1" | "2" | "3" | "4" | "city";
                    by: string | null;
                    code: string;
                    attempted: string | null;
                    note: string | null;
                }[];
                events: {
                    subject: string;
                    seq: number;
                    officerId: string;
                    unitId: string | null;
                    tier: string | null;
                    kind: string;
                    at: string;
                }[];
                complaint: {
                    id: string;
                    unitId: string;
                    filedAt: string;
                    contactDueAt: string | null;
                    contactedAt: string | null;
                    contactedBy: string | null;
                    contactLapsedAt: string | null;
                    closedAt: string | null;
                    upheld: boolean | null;
                } | null;
                complaints: components["schemas"]["ComplaintOnCase"][];
                escalation: {
                    handled: number;
                    escalated: number;
                    rate: number | null;
                    ceiling: number;
                    evaluated: boolean;
                    flagged: boolean;
                    since: string;
                } | null;
            };
            findings: components["schemas"]["ReviewFinding"][];
        };
        AccountabilityRecord: {
            id: string;
            /** @enum {string} */
            kind: "not_escalated" | "shelved" | "over_escalation";
            kindLabel: string;
            /** @enum {string} */
            level: "reminder" | "notice" | "accountability";
            levelLabel: string;
            officer: {
                id: string;
                name: string;
            };
            unit: {
                id: string;
                name: string;
            } | null;
            caseId: string | null;
            complaintId: string | null;
            reviewId: string;
            findingId: string;
            summary: string;
            note: string | null;
            recordedBy: string;
            recordedAt: string;
        };
        OfficerPortrait: {
            officer: {
                id: string;
                name: string;
                role: string;
                tier: ("1" | "2" | "3" | "4" | "city") | null;
                unitId: string | null;
                unitName: string | null;
            };
            window: {
                days: number;
                from: string;
                to: string;
            };
            handled: number;
            resolvedAtOwnTier: number;
            refused: number;
            escalated: number;
            escalationRate: number | null;
            shelved: number;
            complaints: {
                received: number;
                upheld: number;
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
            medianHoursHeld: number | null;
            satisfaction: {
                rated: number;
                satisfied: number;
                unsatisfied: number;
                rate: number | null;
            };
            extensions: {
                asked: number;
                granted: number;
            };
            rectifications: number;
            overEscalation: {
                evaluated: boolean;
                flagged: boolean;
                ceiling: number;
                minCases: number;
            } | null;
            record: {
                positive: {
                    key: string;
                    label: string;
                    labelEn: string;
                    value: number | null;
                }[];
                negative: {
                    key: string;
                    label: string;
                    labelEn: string;
                    value: number | null;
                }[];
            };
        };
        UnitView: {
            unit: {
                id: string;
                name: string;
                nameEn: string;
                kind: string;
            };
            window: {
                days: number;
                from: string;
                to: string;
            };
            cases: {
                led: number;
                byStatus: {
                    in_progress: number;
                    awaiting_materials: number;
                    coordinating: number;
                    at_city: number;
                    resolved: number;
                    refused: number;
                    withdrawn: number;
                };
                overdueNow: number;
            };
            handled: number;
            resolvedAtOwnTier: number;
            escalated: number;
            escalationRate: number | null;
            floor: {
                floor: number;
                evaluated: boolean;
                belowFloor: boolean;
                minCases: number;
            };
            shelved: number;
            complaints: {
                filed: number;
                contactLapsed: number;
                upheld: number;
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
            medianHoursHeld: number | null;
            satisfaction: {
                rated: number;
                satisfied: number;
                unsatisfied: number;
                rate: number | null;
            };
            extensions: {
                asked: number;
                granted: number;
            };
            rectifications: {
                opened: number;
                lapsed: number;
                closed: number;
            };
            officers: {
                id: string;
                name: string;
                role: string;
                handled: number;
                resolvedAtOwnTier: number;
                escalationRate: number | null;
                shelved: number;
                accountability: number;
                overEscalationFlagged: boolean;
            }[];
        };
        OverEscalation: {
            since: string;
            policy: {
                windowDays: number;
                minCases: number;
                unitMinCases: number;
                ceilings: {
                    [key: string]: number;
                };
                floor: number;
            };
            officers: {
                officerId: string;
                name: string;
                unitId: string | null;
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4";
                handled: number;
                escalated: number;
                rate: number | null;
                ceiling: number;
                evaluated: boolean;
                flagged: boolean;
            }[];
            units: {
                unitId: string;
                name: string;
                handled: number;
                escalated: number;
                rate: number | null;
                floor: number;
                evaluated: boolean;
                belowFloor: boolean;
            }[];
        };
        CityStats: {
            generatedAt: string;
            totals: {
                cases: number;
                open: number;
            };
            byStatus: {
                in_progress: number;
                awaiting_materials: number;
                coordinating: number;
                at_city: number;
                resolved: number;
                refused: number;
                withdrawn: number;
            };
            byClosingTier: {
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                resolved: number;
                refused: number;
            }[];
            byUnit: {
                unitId: string;
                name: string;
                total: number;
                open: number;
                resolved: number;
                refused: number;
                withdrawn: number;
                overdue: number;
            }[];
            overdueNow: number;
            rates: {
                response: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
                resolution: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
                satisfaction: {
                    numerator: number;
                    denominator: number;
                    rate: number | null;
                };
            };
            complaints: {
                total: number;
                open: number;
                contacted: number;
                closed: number;
                contactLapsed: number;
                perWeek: {
                    weekStart: string;
                    count: number;
                }[];
            };
            accountability: {
                total: number;
                byKind: {
                    not_escalated: number;
                    shelved: number;
                    over_escalation: number;
                };
                byLevel: {
                    reminder: number;
                    notice: number;
                    accountability: number;
                };
            };
        };
        Village: {
            id: string;
            name: string;
            /** @enum {string} */
            kind: "village" | "community";
        };
        VillageProblem: {
            id: string;
            villageId: string;
            villageName: string;
            title: string;
            description: string;
            urgency: number;
            residents: number;
            carryCount: number;
            carriedFromId?: string;
            path?: {
                responsibleUnitId: string;
                deadline: string;
                caseId: string;
                caseReused: boolean;
            } & {
                [key: string]: unknown;
            };
            caseStatus?: string;
            midCheck?: {
                progress: string;
            } & {
                [key: string]: unknown;
            };
            outcome?: {
                /** @enum {string} */
                kind: "solved" | "in_progress" | "carried";
                expectedBy?: string;
            } & {
                [key: string]: unknown;
            };
            flagged?: boolean;
        } & {
            [key: string]: unknown;
        };
        VillageMonthReportTotals: {
            total: number;
            solved: number;
            inProgress: number;
            carried: number;
            flagged: string[];
            /** @enum {string} */
            midCheck: "recorded" | "missed";
            /** @enum {string} */
            monthEnd: "recorded" | "derived" | "no_reception" | "no_problems";
            closedAt: string;
        };
        VillageMonth: {
            workflowId: string;
            townUnitId: string;
            month: string;
            /** @enum {string} */
            phase: "collecting" | "awaiting_reception" | "in_progress" | "mid_check_due" | "month_end_due" | "closed";
            villages: components["schemas"]["Village"][];
            problems: components["schemas"]["VillageProblem"][];
            collectionClosesAt: string | null;
            scores: {
                villageId: string;
                villageName: string;
                score: number;
                problems: number;
                maxUrgency: number;
            }[];
            host?: {
                villageId: string;
                villageName: string;
                suggestedVillageId: string;
                /** @enum {string} */
                chosenBy: "score" | "override";
                overriddenBy?: string;
                reason?: string;
            } & {
                [key: string]: unknown;
            };
            reception?: {
                date: string;
                leaders: string[];
                recordedBy: string;
            } & {
                [key: string]: unknown;
            };
            midCheck?: {
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            monthEnd?: {
                dueAt: string;
            } & {
                [key: string]: unknown;
            };
            report?: components["schemas"]["VillageMonthReportTotals"];
            events: ({
                seq: number;
                at: string;
                actor: string;
                action: string;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Stage dates still ahead that are provisional (the year's official calendar is not loaded); a `deadline_retimed` event follows the load */
            provisionalDates?: ("collection" | "reception" | "midCheck" | "monthEnd" | "closeGrace")[];
            links: {
                temporalUi: string;
            };
        } & {
            [key: string]: unknown;
        };
        VillageMonthReport: {
            townUnitId: string;
            month: string;
            host: {
                villageId: string;
                villageName: string;
                /** @enum {string} */
                chosenBy: "score" | "override";
                reason?: string;
            } | null;
            receptionDate: string | null;
            totals: components["schemas"]["VillageMonthReportTotals"];
            items: {
                problemId: string;
                villageName: string;
                title: string;
                responsibleUnitId: string | null;
                deadline: string | null;
                caseId: string | null;
                caseStatus: string | null;
                /** @enum {string} */
                outcome: "solved" | "in_progress" | "carried";
                expectedBy: string | null;
                monthsCarried: number;
                flagged: boolean;
                note: string | null;
            }[];
            solvedSinceStart: number;
        };
        PrecedentCreate: {
            source: {
                /** @constant */
                kind: "local_case";
                /** @description A resolved case of this city (本市办结案件) */
                caseId: string;
            } | {
                /** @constant */
                kind: "elsewhere";
                /** @description The city or province whose practice it is, e.g. 江苏省南京市 */
                place: string;
                /** @description Where it is documented: a notice and its number, a report, a link */
                documentedIn: string;
            };
            /** @description Required for a practice from elsewhere; defaults to the case title */
            title?: string;
            category?: string;
            /**
             * @description Required for a practice from elsewhere; for a case, read from its escalations
             * @enum {string}
             */
            kind?: "legacy" | "cross_department" | "no_precedent" | "other";
            /** @description Required for a practice from elsewhere; defaults to the case description */
            problem?: string;
            /** @description Required for a practice from elsewhere; defaults to what the case was resolved with */
            solution?: string;
            /** @description Units involved; for a case, defaults to its units */
            unitIds?: string[];
            /** @description The rule (制度) it led to, if any */
            ruleId?: string;
        };
        Precedent: {
            id: string;
            title: string;
            category: string | null;
            /** @enum {string} */
            kind: "legacy" | "cross_department" | "no_precedent" | "other";
            kindLabel: string;
            problem: string;
            solution: string;
            source: {
                /** @enum {string} */
                kind: "local_case" | "elsewhere";
                caseId?: string;
                caseTitle?: string;
                place?: string;
                documentedIn?: string;
            };
            units: {
                id: string;
                name: string;
            }[];
            /** @description The rules it led to (形成制度) */
            rules: {
                id: string;
                title: string;
                issuedOn: string;
                issuingUnitId: string;
            }[];
            /** @description Precedents the source case itself cited */
            builtOn: {
                id: string;
                title: string;
                /** @enum {string} */
                sourceKind: "local_case" | "elsewhere";
                place: string | null;
            }[];
            /** @description Decisions (escalate, resolve) that cited it */
            citeCount: number;
            /** @description Distinct cases that cited it */
            citedByCases: number;
            citations: {
                caseId: string;
                caseTitle: string | null;
                seq: number;
                action: string;
                at: string;
            }[];
            createdBy: string;
            createdAt: string;
            links: {
                page: string;
            };
        };
        LibraryHit: {
            /** @enum {string} */
            type: "precedent" | "case" | "rule";
            id: string;
            title: string;
            /** @description HTML-escaped title, query terms in <mark> */
            titleHtml: string;
            /** @description HTML-escaped excerpt, query terms in <mark>; phone numbers masked */
            snippet: string;
            category: string | null;
            score: number;
            date: string | null;
            unitIds: string[];
            /** @enum {string} */
            kind?: "legacy" | "cross_department" | "no_precedent" | "other";
            /** @enum {string} */
            sourceKind?: "local_case" | "elsewhere";
            place?: string | null;
            citeCount?: number;
            sourceCaseId?: string | null;
            issuingUnitId?: string;
            documentNo?: string | null;
        };
        SimilarPrecedent: {
            id: string;
            title: string;
            /** @enum {string} */
            kind: "legacy" | "cross_department" | "no_precedent" | "other";
            category: string | null;
            /** @enum {string} */
            sourceKind: "local_case" | "elsewhere";
            place: string | null;
            citeCount: number;
            score: number;
            /** @enum {string} */
            matchedOn: "text" | "category";
            snippet: string;
        };
        RuleCreate: {
            title: string;
            /** @description What the rule lays down (e.g. the joint-review procedure) */
            content: string;
            /** @description Defaults to a principal head's own unit; required for a supervisor */
            issuingUnitId?: string;
            /**
             * Format: date
             * @description Date of issue, YYYY-MM-DD
             */
            issuedOn: string;
            /** @description Document number (文号) */
            documentNo?: string;
            category?: string;
            /** @description The cases it grew from */
            caseIds?: string[];
            /** @description The precedents it grew from */
            precedentIds?: string[];
        };
        Rule: {
            id: string;
            title: string;
            content: string;
            issuingUnit: {
                id: string;
                name: string;
            };
            issuedOn: string;
            documentNo: string | null;
            category: string | null;
            cases: {
                id: string;
                title: string;
                status: string;
                leadUnitId: string;
            }[];
            precedents: {
                id: string;
                title: string;
                /** @enum {string} */
                sourceKind: "local_case" | "elsewhere";
                place: string | null;
            }[];
            createdBy: string;
            createdAt: string;
        };
        CaseTrace: {
            caseId: string;
            processId: string;
            diagramId: string;
            current: string | null;
            /** @description Elements (nodes and sequence flows) the case passed through and left, first visit first */
            visited: string[];
            steps: {
                seq: number;
                action: string;
                elementId: string | null;
                label: string;
                labelEn: string;
            }[];
            /** @description Time the case waited at each task, in ms */
            timeSpentMs: {
                [key: string]: number;
            };
            /** @description How often each timer fired (lapsed deadlines, reminders) */
            fired: {
                [key: string]: number;
            };
        };
        TokenInfo: {
            id: string;
            principalId: string;
            label: string | null;
            createdAt: string;
            revokedAt: string | null;
            /** @description After this instant the token answers 401 TOKEN_EXPIRED; null only for demo tokens outside production */
            expiresAt: string | null;
        };
        IssuedToken: {
            id: string;
            principalId: string;
            label: string | null;
            createdAt: string;
            revokedAt: string | null;
            /** @description After this instant the token answers 401 TOKEN_EXPIRED; null only for demo tokens outside production */
            expiresAt: string | null;
            /** @description The bearer token itself; shown only in this answer. */
            token: string;
        };
        PrincipalRecord: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            unitId: string | null;
            sectionId: string | null;
            phone: string | null;
            standInId: string | null;
            active: boolean;
            deputySectionIds: string[];
        };
        UnitRecord: {
            id: string;
            name: string;
            nameEn: string;
            kind: string;
            cityLeaderId: string | null;
        };
        SectionRecord: {
            id: string;
            unitId: string;
            name: string;
        };
        HandOver: {
            principalIds: string[];
            /** @description Workflows told to hand the work over (directoryChanged) */
            signalled: string[];
            /** @description Workflows that could not be told now; POST /v1/principals/{id}/hand-over sends again */
            failed: string[];
        };
        DirectoryImport: {
            dryRun: boolean;
            units: {
                created: number;
                updated: number;
            };
            sections: {
                created: number;
                updated: number;
            };
            principals: {
                created: number;
                updated: number;
                deactivated: string[];
                unchanged: number;
            };
            handOver: components["schemas"]["HandOver"] | null;
            /** @description The file deactivates more principals than `threshold`: it runs only with the `confirmation` of its dry run */
            needsConfirmation: boolean;
            /** @description How many principals an import may deactivate without a dry run first (DIRECTORY_IMPORT_DEACTIVATE_SHARE of the active ones, at least DIRECTORY_IMPORT_DEACTIVATE_FLOOR) */
            threshold: number;
            /** @description On a dry run: send it back as `?confirm=` to run this very file; bound to the file and to whom it deactivates */
            confirmation: string | null;
        };
        DirectoryAuditEntry: {
            id: number;
            at: string;
            actorId: string;
            action: string;
            subjectKind: string;
            subjectId: string;
            before: unknown;
            after: unknown;
            handedOver: unknown;
        };
        TierRules: {
            tiers: {
                /** @enum {string} */
                tier: "1" | "2" | "3" | "4" | "city";
                /** @enum {string} */
                role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
                label: string;
                labelEn: string;
                duty: string;
                /** @description What a holder of this tier may decide */
                actions: ("resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct")[];
                /** @description Where escalation or a lapsed window leads */
                next: ("1" | "2" | "3" | "4" | "city") | null;
                /** @description Whether this tier may say "no" (说"不"), with a legal basis */
                mayRefuse: boolean;
            }[];
            actions: {
                /** @enum {string} */
                action: "resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct";
                label: string;
                labelEn: string;
            }[];
            escalationReasons: {
                /** @enum {string} */
                reason: "beyond_remit" | "unsure" | "cross_department" | "legacy" | "no_precedent";
                label: string;
                labelEn: string;
            }[];
            ratings: {
                /** @enum {string} */
                rating: "very_satisfied" | "satisfied" | "basically_satisfied" | "unsatisfied" | "very_unsatisfied";
                label: string;
                labelEn: string;
                /** @description Reopens the case once, one tier up */
                unsatisfied: boolean;
            }[];
        };
        AllowedDecisions: {
            caseId: string;
            /** @enum {string} */
            tier: "1" | "2" | "3" | "4" | "city";
            status: string;
            /** @description The decisions the caller may take on this case now, in the order of the rule table */
            actions: ("resolve" | "request_materials" | "escalate" | "coordinate" | "consult_city" | "refuse" | "refer_to_city" | "direct")[];
            /** @description Why nothing is allowed (not the holder, case closed…) */
            blocked?: {
                code: string;
                message: string;
            };
        };
        CalendarYear: {
            year: number;
            /**
             * @description official: loaded from the State Council notice; package: the chinese-days data; none: not known
             * @enum {string}
             */
            source: "official" | "package" | "none";
            /** @description Deadlines in this year are counted on the plain Mon–Fri rule */
            provisional: boolean;
            documentNo: string | null;
            loadedBy: string | null;
            loadedAt: string | null;
            holidays: {
                name: string;
                from: string;
                to: string;
            }[];
            /** @description Make-up working days (调休上班) */
            workdays: {
                date: string;
                name?: string;
            }[];
            /** @description Every load of the year, newest first */
            history: {
                id: number;
                documentNo: string;
                loadedBy: string;
                loadedAt: string;
                /** @enum {string} */
                format: "json" | "ical";
                /** @description What this load replaced */
                replaced: {
                    /** @enum {string} */
                    source: "official" | "package" | "none";
                    documentNo: string | null;
                };
                /** @description Telling the running workflows: pending until every one was told */
                retiming: {
                    /** @enum {string} */
                    status: "pending" | "done";
                    signalled: number;
                    doneAt: string | null;
                    error: string | null;
                };
            }[];
        };
        CalendarLoad: {
            year: number;
            /**
             * @description official: loaded from the State Council notice; package: the chinese-days data; none: not known
             * @enum {string}
             */
            source: "official" | "package" | "none";
            /** @description Deadlines in this year are counted on the plain Mon–Fri rule */
            provisional: boolean;
            documentNo: string | null;
            loadedBy: string | null;
            loadedAt: string | null;
            holidays: {
                name: string;
                from: string;
                to: string;
            }[];
            /** @description Make-up working days (调休上班) */
            workdays: {
                date: string;
                name?: string;
            }[];
            /** @description Every load of the year, newest first */
            history: {
                id: number;
                documentNo: string;
                loadedBy: string;
                loadedAt: string;
                /** @enum {string} */
                format: "json" | "ical";
                /** @description What this load replaced */
                replaced: {
                    /** @enum {string} */
                    source: "official" | "package" | "none";
                    documentNo: string | null;
                };
                /** @description Telling the running workflows: pending until every one was told */
                retiming: {
                    /** @enum {string} */
                    status: "pending" | "done";
                    signalled: number;
                    doneAt: string | null;
                    error: string | null;
                };
            }[];
            /** @description The same notice was already loaded: nothing changed, nothing re-timed */
            unchanged: boolean;
        };
        CalendarDeadline: {
            from: string;
            deadlineAt: string;
            /** @description Depends on days outside the published calendar */
            provisional: boolean;
            note?: string;
            /** @description Each day from the start to the deadline, and why it counts or not */
            days: {
                date: string;
                working: boolean;
                known: boolean;
                reason: string;
            }[];
        };
        FailedNotification: {
            id: number;
            key: string;
            caseId: string | null;
            recipientId: string;
            recipientKind: string;
            template: string;
            /** @enum {string} */
            queue: "cases" | "complaints";
            body: string;
            status: string;
            attempts: number;
            lastError: string | null;
            createdAt: string;
            failedAt: string;
        };
        Payload: {
            metadata?: {
                [key: string]: string;
            };
            data?: string;
        };
        PayloadsIn: {
            payloads?: components["schemas"]["Payload"][];
        };
        Payloads: {
            payloads: components["schemas"]["Payload"][];
        };
        Category: {
            code: string;
            name: string;
            nameEn: string | null;
            /** @description The unit that takes a case of this category when the intake names none (派单) */
            defaultUnitId: string;
            active: boolean;
        };
        CategoryImport: {
            dryRun: boolean;
            created: number;
            updated: number;
            unchanged: number;
            deactivated: string[];
        };
        IntegratorEvent: {
            /** @constant */
            specversion: "1.0";
            /** @description `<subject>.<sequence>`: the same on every delivery of the event, and in the feed */
            id: string;
            /** @description `/v1/cases`, or `/v1/complaints` for a complaint about no case */
            source: string;
            /** @enum {string} */
            type: "case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed";
            /** @description The case id (a complaint about no case: the complaint id) */
            subject: string;
            /** @description When it happened */
            time: string;
            /** @constant */
            datacontenttype: "application/json";
            /** @description The event's number in its subject's stream, 1, 2, 3… without gaps, zero-padded to ten digits (CloudEvents sequence extension) */
            sequence: string;
            /** @description Per type: see docs/integrators.md */
            data: {
                caseId?: string;
                /** @description Your own reference of the case (its intake's externalId); null unless you started the case */
                externalId: string | null;
                /** @description The category code (派单目录) */
                category?: string | null;
                /**
                 * @description The tier the case is at (never who holds it)
                 * @enum {string}
                 */
                tier?: "1" | "2" | "3" | "4" | "city";
            } & {
                [key: string]: unknown;
            };
        };
        Subscription: {
            id: string;
            ownerId: string;
            url: string;
            events: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
            description: string;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description gone (the receiver answered 410), by_owner, by_admin */
            disabledReason: string | null;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one */
            previousSecretValidUntil: string | null;
            createdAt: string;
            updatedAt: string;
        };
        SubscriptionWithSecret: {
            id: string;
            ownerId: string;
            url: string;
            events: ("case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed")[];
            description: string;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description gone (the receiver answered 410), by_owner, by_admin */
            disabledReason: string | null;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one */
            previousSecretValidUntil: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description The signing secret (`whsec_…`), shown this once: give it to your Standard Webhooks library */
            secret: string;
        };
        FailedDelivery: {
            eventId: string;
            /** @enum {string} */
            type: "case.accepted" | "case.escalated" | "case.materials_requested" | "case.materials_supplied" | "case.coordinating" | "case.referred_to_city" | "case.resolved" | "case.refused" | "case.rated" | "case.reopened" | "case.withdrawn" | "case.deadline_lapsed" | "complaint.filed" | "complaint.closed";
            subject: string;
            sequence: number;
            attempts: number;
            firstAttemptAt: string | null;
            failedAt: string;
            /** @description Your receiver's HTTP status at the last attempt; null: no answer */
            lastStatus: number | null;
            lastError: string | null;
            event: components["schemas"]["IntegratorEvent"];
        };
        EventScope: {
            principalId: string;
            all: boolean;
            unitIds: string[];
            categories: string[];
        };
        ReportRatio: {
            numerator: number;
            denominator: number;
            rate: number | null;
        };
        MonthlyReport: {
            month: string;
            from: string;
            to: string;
            /** @constant */
            timeZone: "Asia/Shanghai";
            complete: boolean;
            generatedAt: string;
            units: {
                unitId: string;
                name: string;
                nameEn: string;
                kind: string;
                createdAt: string | null;
                rates: {
                    response: components["schemas"]["ReportRatio"];
                    onTime: components["schemas"]["ReportRatio"];
                    resolution: components["schemas"]["ReportRatio"];
                    satisfaction: components["schemas"]["ReportRatio"];
                    escalation: components["schemas"]["ReportRatio"];
                };
                counts: {
                    received: number | null;
                    resolved: number | null;
                    refused: number | null;
                    withdrawn: number | null;
                    lapses: number | null;
                    shelved: number | null;
                    complaintsFiled: number | null;
                    complaintsUpheld: number | null;
                    findings: number | null;
                    accountability: number | null;
                    extensions: number | null;
                    supervisionNotices: number | null;
                    rectifications: number | null;
                    rectificationsLapsed: number | null;
                };
            }[];
            city: {
                rates: {
                    response: components["schemas"]["ReportRatio"];
                    onTime: components["schemas"]["ReportRatio"];
                    resolution: components["schemas"]["ReportRatio"];
                    satisfaction: components["schemas"]["ReportRatio"];
                    escalation: components["schemas"]["ReportRatio"];
                };
                counts: {
                    received: number | null;
                    resolved: number | null;
                    refused: number | null;
                    withdrawn: number | null;
                    lapses: number | null;
                    shelved: number | null;
                    complaintsFiled: number | null;
                    complaintsUpheld: number | null;
                    findings: number | null;
                    accountability: number | null;
                    extensions: number | null;
                    supervisionNotices: number | null;
                    rectifications: number | null;
                    rectificationsLapsed: number | null;
                };
            };
            figures: {
                key: string;
                /** @enum {string} */
                kind: "rate" | "count";
                label: string;
                labelEn: string;
                counts: string;
                available: boolean;
                note?: string;
            }[];
        };
        MonthlyRankings: {
            month: string;
            previousMonth: string;
            complete: boolean;
            generatedAt: string;
            policy: components["schemas"]["RankingPolicy"];
            /** @enum {string} */
            policySource: "default" | "set";
            units: {
                rank: number | null;
                unitId: string;
                name: string;
                score: number | null;
                base: number | null;
                deductions: number;
                ranked: boolean;
                reason: ("too_few_cases" | "no_rates") | null;
                previousRank: number | null;
                change: number | null;
                rates: {
                    response: components["schemas"]["ReportRatio"];
                    onTime: components["schemas"]["ReportRatio"];
                    resolution: components["schemas"]["ReportRatio"];
                    satisfaction: components["schemas"]["ReportRatio"];
                };
                counts: {
                    received: number;
                    complaintsUpheld: number;
                    accountability: number;
                };
                createdAt: string | null;
            }[];
        };
        MonthlyTopic: {
            month: string;
            /** @enum {string} */
            kind: "category" | "escalation_reason" | "title_term";
            kindLabel: string;
            key: string;
            label: string;
            cases: number;
            note: string | null;
            pickedBy: string;
            pickedAt: string;
            rule: {
                id: string;
                title: string;
                documentNo: string | null;
                issuedOn: string;
                linkedBy: string | null;
                linkedAt: string | null;
            } | null;
        };
        MonthlyCategories: {
            month: string;
            from: string;
            to: string;
            complete: boolean;
            cases: number;
            uncategorised: number;
            byCategory: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            byEscalationReason: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            titleTerms: {
                key: string;
                label: string;
                cases: number;
                units: {
                    unitId: string;
                    name: string;
                    cases: number;
                }[];
            }[];
            topic: components["schemas"]["MonthlyTopic"] | null;
        };
        MonthlyRecords: {
            month: string;
            from: string;
            to: string;
            shelved: {
                caseId: string;
                part: boolean;
                title: string | null;
                unit: {
                    id: string;
                    name: string;
                };
                officer: {
                    id: string;
                    name: string;
                };
                tier: string | null;
                at: string;
            }[];
            accountability: components["schemas"]["AccountabilityRecord"][];
        };
        RankingPolicyView: {
            policy: components["schemas"]["RankingPolicy"];
            /** @enum {string} */
            source: "default" | "set";
            setBy: string | null;
            setAt: string | null;
        };
        ExportAudit: {
            id: number;
            at: string;
            principalId: string;
            /** @enum {string} */
            role: "first_contact" | "section_chief" | "deputy_head" | "principal_head" | "city_leader" | "supervisor" | "integrator" | "admin";
            /** @enum {string} */
            ledger: "cases" | "complaints" | "accountability" | "village_months" | "monthly_report";
            params: {
                [key: string]: string;
            };
            masked: boolean;
            rows: number | null;
            finishedAt: string | null;
        };
        Attachment: {
            id: string;
            caseId: string;
            sha256: string;
            size: number;
            /** @enum {string} */
            mediaType: "application/pdf" | "image/jpeg" | "image/png";
            fileName: string;
            /** @enum {string} */
            purpose: "case" | "materials" | "decision";
            item: string | null;
            /** @enum {string} */
            uploaderKind: "requester" | "officer";
            uploadedBy?: string;
            /** @enum {string} */
            processing: "reencoded" | "none";
            createdAt: string;
        };
        AttachmentUpload: {
            /**
             * Format: binary
             * @description The file: PDF, JPEG or PNG (judged by its bytes, not its name)
             */
            file: string;
            /**
             * @description What it is for: case (default), materials, decision
             * @enum {string}
             */
            purpose?: "case" | "materials" | "decision";
            /** @description The requested material (补正材料) it answers */
            item?: string;
        };
        TextMessages: {
            mobile: boolean;
            stopped: boolean;
            stoppedAt?: string;
        };
        IntakeStartFailure: {
            /** @enum {string} */
            status: "retrying" | "start_failed";
            attempts: number;
            firstFailedAt: string;
            lastFailedAt: string;
            errorCode: string;
            errorDetail: string;
            caseId: string;
            title: string;
            leadUnitId: string;
            createdBy: string;
            createdAt: string;
        };
        ComplaintStartFailure: {
            /** @enum {string} */
            status: "retrying" | "start_failed";
            attempts: number;
            firstFailedAt: string;
            lastFailedAt: string;
            errorCode: string;
            errorDetail: string;
            complaintId: string;
            unitId: string;
            filedAt: string;
        };
        RectificationItem: {
            caseId: string;
            title: string;
            unit: {
                id: string;
                name: string;
            };
            rating: string;
            /** @enum {string} */
            status: "open" | "reported" | "closed" | "voided" | "ended";
            openedAt: string;
            dueAt: string;
            lapsed: boolean;
            lapsedAt: string | null;
            overdue: boolean;
            report: {
                by: string;
                at: string;
                changes: string;
            } | null;
            closedAt: string | null;
            closedBy: string | null;
            callbackNo: number | null;
            note: string | null;
        };
        SupervisionItem: {
            caseId: string;
            title: string;
            /** @enum {string} */
            kind: "notice" | "extension" | "rectification" | "appeal";
            no: number;
            unitId: string;
            status: string;
            level: string | null;
            openedBy: string;
            openedAt: string;
            dueAt: string | null;
            lapsedAt: string | null;
            closedAt: string | null;
        };
        ComplaintPendingVerification: {
            id: string;
            /** @constant */
            verification: "required";
            expiresAt: string;
            message: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
