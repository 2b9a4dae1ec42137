import { ValidationError } from '../errors';
import { checkBoolean, checkEnum, checkInt, checkProps, checkString, checkStringList, checkTags } from './check';
import { ClusterModel, ParsedResourceId, parseResourceId } from './cluster';
import {
  AlertGroupKey,
  AlertRuleData,
  RECOMMENDED_ALERT_GROUPS,
  RECOMMENDED_ALERT_NAMES,
  RECORDING_RULE_GROUPS,
  RecommendedAlertName,
  RecordingGroupData,
} from './prometheus-rules-data';
import { normalizeRegion } from './regions';
import { isToken } from './tokens';
import { AzureMonitorWorkspaceCreateModel, CreateAzureMonitorWorkspaceProps, resolveAzureMonitorWorkspaceCreate } from './workspaces';

// =================================================================================================
// Azure side of Managed Prometheus: the Azure Monitor workspace (AMW) the metrics go to, the default
// recording rules, the recommended alerts, the user's own rule groups and the Managed Grafana role.
// Facts: shared/reference/NOTES-managed-prometheus.md §5 (tags [MP §5.x]) and
// NOTES-azure-resources.md §3.2-3.7. The in-cluster side (settings ConfigMap, scrape configs) is
// another module; this one only produces Azure resources.
// =================================================================================================

/**
 * The Azure Monitor workspace (`Microsoft.Monitor/accounts`) that stores the metrics: an existing one
 * (`resourceId`, `region`), or one the stack creates (`create`, exclusive with `resourceId`). A created
 * workspace is a resource of the stack in the cluster's resource group (logical ID
 * `azure-monitor-workspace`), in `region`; the rule, the rule groups and the Grafana role assignment
 * reference it.
 */
export interface AzureMonitorWorkspaceRef {
  /**
   * ARM resource ID (`/subscriptions/.../providers/Microsoft.Monitor/accounts/<name>`).
   * @default - the ARM template takes it as parameter `azureMonitorWorkspaceResourceId`
   */
  readonly resourceId?: string;
  /**
   * Region of the workspace (of the created one too). The data collection endpoint and rule and every
   * rule group are created in this region, as the product does [MP §5.2, §5.3, §5.6]. Required: it
   * cannot be read from the ID, and a wrong guess corrected later would replace those resources.
   */
  readonly region: string;
  /**
   * Create the workspace instead of referencing one by `resourceId`.
   * @default - not created: an existing workspace
   */
  readonly create?: CreateAzureMonitorWorkspaceProps;
}

/** Which of the product's default recording rule groups to create [MP §5.6]. */
export interface RecordingRulesProps {
  /**
   * The Linux groups `NodeRecordingRulesRuleGroup-<cluster>` and `KubernetesRecordingRulesRuleGroup-<cluster>`.
   * @default true
   */
  readonly linux?: boolean;
  /**
   * The Windows groups `NodeRecordingRulesRuleGroup-Win-<cluster>` and
   * `NodeAndKubernetesRecordingRulesRuleGroup-Win-<cluster>` (the product's `enableWindowsRecordingRules`).
   * Only possible when the cluster has Windows nodes (`cluster.nodes.windows`).
   * @default - true when the cluster has Windows nodes
   */
  readonly windows?: boolean;
  /**
   * The UX groups (`UXRecordingRulesRuleGroup - <cluster>`, and `UXRecordingRulesRuleGroup-Win - <cluster>`
   * with `windows`) that feed the portal's Kubernetes views: one per operating system turned on above.
   * @default true
   */
  readonly ux?: boolean;
}

/** Alert severity: 0 (critical) to 4 (verbose). */
export type AlertSeverity = 0 | 1 | 2 | 3 | 4;

/** Changes to one recommended alert. Every field left out keeps the product's value. */
export interface RecommendedAlertOverride {
  /**
   * Turn the alert off (`enabled: false` on the rule) or keep it on.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Alert severity.
   * @default - the product's (3 or 4)
   */
  readonly severity?: AlertSeverity;
  /**
   * How long the condition must hold before the alert fires: an ISO-8601 duration in whole minutes
   * or hours, e.g. `PT5M`, `PT1H`, `PT1H30M`.
   * @default - the product's
   */
  readonly for?: string;
  /**
   * The alert's threshold. Only for alerts whose expression has exactly one comparison, one of
   * `>`, `>=`, `<`, `<=`, with a plain number as its right operand (e.g. `KubeCPUQuotaOvercommit`:
   * `... > 1.5`): that number is replaced. Alerts with several comparisons, equality tests or a
   * series on the right are rejected with the reason (see {@link recommendedAlertThresholds}).
   * @default - the product's
   */
  readonly threshold?: number;
  /**
   * Resolve the fired alert automatically once the condition is gone.
   * @default true
   */
  readonly autoResolved?: boolean;
  /**
   * How long the condition must be gone before the alert resolves: ISO-8601, 1 to 15 minutes (`PT10M`).
   * Only with `autoResolved` true.
   * @default - the product's (PT10M or PT15M)
   */
  readonly timeToResolve?: string;
}

/** Which recommended alert groups to create. */
export interface RecommendedAlertGroups {
  /** `KubernetesAlert-RecommendedMetricAlerts<cluster>-Cluster-level` (11 alerts). @default true */
  readonly cluster?: boolean;
  /** `KubernetesAlert-RecommendedMetricAlerts<cluster>-Node-level` (3 alerts). @default true */
  readonly node?: boolean;
  /** `KubernetesAlert-RecommendedMetricAlerts<cluster>-Pod-level` (16 alerts). @default true */
  readonly pod?: boolean;
}

/** The product's recommended Prometheus alerts [MP §5.6] (opt-in). */
export interface RecommendedAlertsProps {
  /** Create the recommended alert groups. */
  readonly enabled: boolean;
  /**
   * Action groups (`Microsoft.Insights/actionGroups` IDs) notified by every recommended alert.
   * @default - none: the alerts appear in Azure Monitor without notifications
   */
  readonly actionGroupIds?: string[];
  /** @default - all three groups */
  readonly groups?: RecommendedAlertGroups;
  /**
   * Per-alert changes, by alert name (e.g. `KubePodCrashLooping`).
   * @default - none
   */
  readonly overrides?: Partial<Record<RecommendedAlertName, RecommendedAlertOverride>>;
}

/** A recording rule of a user rule group. */
export interface UserRecordingRuleProps {
  /** Name of the recorded series (a Prometheus metric name, e.g. `job:http_requests:rate5m`). */
  readonly record: string;
  /** The PromQL expression. */
  readonly expression: string;
  /** Labels added to the result (at most 10; names not starting with `__`). @default - none */
  readonly labels?: Record<string, string>;
  /** @default true */
  readonly enabled?: boolean;
}

/** An alert action: an action group to notify. */
export interface UserAlertActionProps {
  /** `Microsoft.Insights/actionGroups` resource ID. */
  readonly actionGroupId: string;
  /** Custom properties passed to the action group. @default - none */
  readonly actionProperties?: Record<string, string>;
}

/** How a fired alert resolves. */
export interface UserResolveConfigurationProps {
  /** Resolve the alert automatically once the condition is gone. */
  readonly autoResolved: boolean;
  /**
   * How long the condition must be gone first: ISO-8601, 1 to 15 minutes (`PT10M`). Required with
   * `autoResolved: true`, not allowed with false.
   * @default - none
   */
  readonly timeToResolve?: string;
}

/** An alert rule of a user rule group. */
export interface UserAlertRuleProps {
  /** Alert name (a Prometheus metric name: letters, digits, `_`, `:`). */
  readonly alert: string;
  /** The PromQL expression; the alert fires for every series it returns. */
  readonly expression: string;
  /** How long the condition must hold: ISO-8601 in whole minutes or hours (`PT5M`). @default - fires at once */
  readonly for?: string;
  /** @default - not set (Azure's default applies) */
  readonly severity?: AlertSeverity;
  /** Labels added to the alert (at most 10; names not starting with `__`). @default - none */
  readonly labels?: Record<string, string>;
  /** Annotations, e.g. `description`, `summary` (values may use `{{ $labels.x }}` templates). @default - none */
  readonly annotations?: Record<string, string>;
  /** Automatic resolution. @default - not set (Azure's default applies) */
  readonly resolveConfiguration?: UserResolveConfigurationProps;
  /** Action groups to notify. @default - none */
  readonly actions?: UserAlertActionProps[];
  /** @default true */
  readonly enabled?: boolean;
}

/** A rule of a user rule group: recording (`record`) or alert (`alert`). */
export type UserRuleProps = UserRecordingRuleProps | UserAlertRuleProps;

/** A user-defined Prometheus rule group, scoped to this cluster (`Microsoft.AlertsManagement/prometheusRuleGroups`). */
export interface UserRuleGroupProps {
  /**
   * Name of the group. The ARM resource is named `<name>-<cluster name>`, as the product names its
   * per-cluster groups, so every cluster of a fleet can use the same name in one resource group
   * without two stacks writing one resource. At most 260 characters in all; none of
   * `: @ / # { } % & + * < > ?`; no leading or trailing space; unique in the stack
   * (case-insensitive). Renaming replaces the group.
   */
  readonly name: string;
  /** Evaluation interval, ISO-8601, 1 to 15 minutes (`PT1M` ... `PT15M`). @default PT1M */
  readonly interval?: string;
  /** @default - none */
  readonly description?: string;
  /** @default true */
  readonly enabled?: boolean;
  /** 1 to 20 rules. */
  readonly rules: UserRuleProps[];
}

/**
 * SKU (pricing tier) of Azure Managed Grafana. The ARM schema types `sku.name` as any string
 * (Microsoft.Dashboard 2025-08-01 and 2024-10-01); the service has two tiers, Essential and Standard
 * (azurerm `azurerm_dashboard_grafana.sku`: "Standard" or "Essential"). The product's onboarding
 * template's parameter file uses "Standard" [MP §5.7].
 */
export type GrafanaSku = 'Standard' | 'Essential';

/**
 * The Grafana resource itself (`Microsoft.Dashboard/grafana`), written by the stack so that the
 * workspace is linked as a data source the way the product's onboarding template links it [MP §5.7].
 *
 * **This PUTs the whole Grafana resource.** Azure replaces it with what is written here: the linked
 * workspace list becomes exactly this stack's workspace plus `otherLinkedWorkspaceIds`, and every
 * Grafana setting not given here (API keys, public network access, SMTP, plugins, zone redundancy,
 * enterprise settings, user-assigned identities, ...) returns to its default, exactly as with the
 * product's onboarding template (AddonArmTemplate FullAzureMonitorMetricsProfile.json, which does
 * the same PUT). If the instance is configured elsewhere, leave this out and run `linkCommand` once.
 */
export interface GrafanaResourceProps {
  /** Azure region of the Grafana instance (e.g. "westeurope"; "West Europe" is normalized). Must be its current region. */
  readonly location: string;
  /**
   * Pricing tier. Must be the instance's current tier unless you mean to change it.
   * @default "Standard"
   */
  readonly sku?: GrafanaSku;
  /**
   * Every other Azure Monitor workspace (`Microsoft.Monitor/accounts` ID) already linked to this
   * Grafana that must stay linked: the PUT replaces the list, so a workspace not named here is
   * unlinked. This stack's workspace is always linked first; do not repeat it here.
   * @default - none: only this stack's workspace stays linked
   */
  readonly otherLinkedWorkspaceIds?: string[];
  /**
   * Grafana major version (`properties.grafanaMajorVersion`, e.g. "11"). Azure decides which
   * versions it offers and rejects a downgrade.
   * @default - not sent: Azure's default for the instance
   */
  readonly majorVersion?: string;
  /**
   * Tags of the Grafana resource. The PUT replaces its tags too: tags not given here are removed.
   * @default - none (existing tags are removed)
   */
  readonly tags?: Record<string, string>;
}

/** Azure Managed Grafana that reads the workspace. */
export interface GrafanaProps {
  /** ARM resource ID of the Grafana instance (`Microsoft.Dashboard/grafana`). Must be known when the stack is written. */
  readonly resourceId: string;
  /**
   * Object (principal) ID of the Grafana instance's system-assigned managed identity.
   * @default - the ARM template takes it as parameter `grafanaPrincipalId`
   */
  readonly principalId?: string;
  /**
   * Opt-in: write the Grafana resource itself and link the workspace as a data source, as the
   * product's onboarding template does. This PUTs the Grafana resource: settings not given in
   * {@link GrafanaResourceProps} return to their defaults and the linked-workspace list becomes this
   * workspace plus `otherLinkedWorkspaceIds`.
   *
   * Needs a literal `cluster.resourceId` in the same subscription and resource group as the Grafana
   * instance: the ARM template is deployed to the cluster's resource group, and a Grafana resource
   * written there with this name would otherwise be a second, new instance.
   *
   * Without it only the role assignment is rendered, and the data-source link is made by running the
   * model's `grafana.linkCommand` once.
   * @default - the Grafana resource is not written; run `linkCommand` once
   */
  readonly manageResource?: GrafanaResourceProps;
}

/** Azure resources of Managed Prometheus for one cluster. */
export interface PrometheusAzureProps {
  /** The Azure Monitor workspace receiving the metrics. */
  readonly azureMonitorWorkspace: AzureMonitorWorkspaceRef;
  /** @default - the Linux and UX groups, plus the Windows groups when the cluster has Windows nodes */
  readonly recordingRules?: RecordingRulesProps;
  /** @default - none */
  readonly recommendedAlerts?: RecommendedAlertsProps;
  /** @default - none */
  readonly ruleGroups?: UserRuleGroupProps[];
  /**
   * Give an Azure Managed Grafana read access to the workspace: a "Monitoring Data Reader" role
   * assignment on the workspace for Grafana's managed identity [MP §5.7].
   *
   * The Grafana data-source link itself is NOT created: it is a property of the Grafana resource
   * (`grafanaIntegrations.azureMonitorWorkspaceIntegrations`) and a PUT of that resource replaces the
   * whole list and every other Grafana setting (and Azure Service Operator has no Grafana kind).
   * Link it once with the command in the model's `grafana.linkCommand`
   * (`az grafana integration monitor add ... --skip-role-assignments true`), which adds to the list,
   * or opt in to writing the Grafana resource with `grafana.manageResource` (a PUT of the whole resource).
   *
   * The role assignment belongs to the (workspace, Grafana) pair, not to the cluster: in a fleet that
   * shares one workspace and one Grafana, every stack renders the same assignment (same name), which
   * ARM deployments apply idempotently; with an engine that owns resources (Pulumi), set it on one
   * stack only.
   * @default - no Grafana access
   */
  readonly grafana?: GrafanaProps;
  /**
   * Tags of the data collection endpoint and rule, of the rule groups, and of the created workspace
   * unless it has its own (`azureMonitorWorkspace.create.tags`).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

// =================================================================================================
// Model
// =================================================================================================

/** A rule in the ARM shape of `prometheusRuleGroups@2023-03-01` (plain data). */
export interface PrometheusRuleModel {
  readonly record?: string;
  readonly alert?: string;
  readonly expression: string;
  readonly for?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly enabled?: boolean;
  readonly severity?: number;
  readonly resolveConfiguration?: { readonly autoResolved: boolean; readonly timeToResolve?: string };
  readonly actions?: ReadonlyArray<{ readonly actionGroupId: string; readonly actionProperties?: Readonly<Record<string, string>> }>;
}

/** Where a rule group comes from. */
export type RuleGroupSource = 'recording' | 'recommended-alerts' | 'user';

/** A rule group, ready to render. */
export interface PrometheusRuleGroupModel {
  /** Stable key: the product group key (`node`, `ux-windows`, `cluster`, ...) or the user group's `name` prop. */
  readonly key: string;
  readonly source: RuleGroupSource;
  /** ARM resource name. */
  readonly name: string;
  readonly description?: string;
  readonly interval: string;
  readonly enabled: boolean;
  readonly rules: readonly PrometheusRuleModel[];
}

/** The validated Azure side of Managed Prometheus. */
export interface PrometheusAzureModel {
  readonly workspace: {
    /** As given (possibly a deferred token), or undefined (ARM parameter, or a created workspace: see `create`). */
    readonly resourceId?: string;
    readonly region: string;
    /** Parsed from a literal ID, or the created workspace's ID when the cluster's subscription and group are known. */
    readonly parsed?: ParsedResourceId;
    /** The workspace the stack creates (then `resourceId` is undefined: the ID is a reference to that resource). */
    readonly create?: AzureMonitorWorkspaceCreateModel;
  };
  /** The `clusterName` of every rule group: the cluster alias when set, else the cluster name [MP §5.6]. */
  readonly ruleClusterName: string;
  readonly recordingRules: { readonly linux: boolean; readonly windows: boolean; readonly ux: boolean };
  readonly recommendedAlerts?: { readonly groups: readonly AlertGroupKey[]; readonly actionGroupIds: readonly string[] };
  /** Every rule group: default recording groups, recommended alert groups, user groups, in that order. */
  readonly ruleGroups: readonly PrometheusRuleGroupModel[];
  readonly grafana?: {
    readonly resourceId: string;
    readonly parsed: ParsedResourceId;
    /** A literal GUID or deferred token, or undefined (ARM parameter). */
    readonly principalId?: string;
    /** The one-time command that links the workspace to Grafana as a data source (see {@link PrometheusAzureProps.grafana}). */
    readonly linkCommand: string;
    /** The Grafana resource to write (PUT), when `manageResource` is set. */
    readonly resource?: {
      readonly location: string;
      readonly sku: GrafanaSku;
      readonly majorVersion?: string;
      /**
       * Literal `Microsoft.Monitor/accounts` IDs: this stack's workspace first (rendered as a reference
       * when the stack creates it), then the others, in the order given.
       */
      readonly linkedWorkspaceIds: readonly string[];
      readonly tags: Readonly<Record<string, string>>;
    };
  };
  readonly tags: Readonly<Record<string, string>>;
}

// =================================================================================================
// Rules of the ARM resource [MP §5.6]
// =================================================================================================

/** `^[^:@/#{}%&+*<>?]+$` (REST spec 2023-03-01), plus: no control characters and no space at either end. */
const RULE_GROUP_NAME = /^[^:@/#{}%&+*<>?\s\u0000-\u001f](?:[^:@/#{}%&+*<>?\u0000-\u001f]*[^:@/#{}%&+*<>?\s\u0000-\u001f])?$/;
/** The CLI cuts group names to 260 characters [MP §5.5]. */
const RULE_GROUP_NAME_MAX = 260;
/** Rules per group: the converter schema's limit (the product's largest group has 19) [MP §5.6]. */
const RULES_PER_GROUP = 20;
/** Labels per rule, label/annotation value length: the converter schema (a tooling limit the product ships) [MP §5.6]. */
const LABELS_PER_RULE = 10;
const LABEL_VALUE_MAX = 1024;
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/;
const ANNOTATION_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/;
/** A Prometheus metric name: record names, and alert names ("must be a valid metric name", converter schema). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A managed identity's object ID (a GUID). Exported so engines can check a deferred one once resolved. */
export function checkPrincipalId(path: string, value: unknown): string {
  return checkString(path, value, { pattern: GUID, patternText: 'an object ID (a GUID)' });
}

/** Minutes of an ISO-8601 `PT[<h>H][<m>M]` duration, or undefined when the text is not one. */
function isoMinutes(value: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

function checkIsoMinutes(path: string, value: unknown, min: number, max: number, what: string): string {
  const s = checkString(path, value);
  const minutes = isoMinutes(s);
  if (minutes === undefined || minutes < min || minutes > max) {
    throw new ValidationError(path, value, `expected ${what}`);
  }
  return s;
}

/** Rule group interval: 1-15 minutes [MP §5.6]. */
function checkInterval(path: string, value: unknown): string {
  return checkIsoMinutes(path, value, 1, 15, 'an ISO-8601 duration from 1 to 15 minutes, e.g. "PT1M" or "PT5M"');
}

/** Alert `for`: whole minutes or hours (rules are evaluated once a minute at most). */
export function checkFor(path: string, value: unknown): string {
  return checkIsoMinutes(path, value, 0, Number.MAX_SAFE_INTEGER, 'an ISO-8601 duration in whole minutes or hours, e.g. "PT5M", "PT1H" or "PT1H30M"');
}

/** `timeToResolve`: 1-15 minutes (REST reference and the converter schema, "Should be between 1 and 15 minutes"). */
function checkTimeToResolve(path: string, value: unknown): string {
  return checkIsoMinutes(path, value, 1, 15, 'an ISO-8601 duration from 1 to 15 minutes, e.g. "PT10M"');
}

export function checkSeverity(path: string, value: unknown): AlertSeverity {
  return checkInt(path, value, 0, 4) as AlertSeverity;
}

function checkStringMap(
  path: string,
  value: unknown,
  key: { pattern: RegExp; text: string },
  limit?: number,
  valueMax?: number,
): Record<string, string> {
  const obj = checkProps<Record<string, unknown>>(path, value, Object.keys((value ?? {}) as object));
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (limit !== undefined && keys.length > limit) {
    throw new ValidationError(path, `${keys.length} entries`, `expected at most ${limit} entries (the limit of the product's rule-group schema)`);
  }
  const out: Record<string, string> = {};
  for (const k of keys) {
    if (!key.pattern.test(k)) throw new ValidationError(`${path}.${k}`, k, `expected ${key.text}`);
    out[k] = checkString(`${path}.${k}`, obj[k], { minLength: 0, maxLength: valueMax });
  }
  return out;
}

const LABELS_RULE = { pattern: LABEL_NAME, text: 'a label name (letters, digits and "_", not starting with a digit or "__")' };
const ANNOTATIONS_RULE = { pattern: ANNOTATION_NAME, text: 'an annotation name (letters, digits and "_", not starting with a digit)' };

export function checkActionGroupId(path: string, value: unknown): string {
  if (isToken(value)) return value;
  parseResourceId(path, value, 'Microsoft.Insights/actionGroups');
  return value as string;
}

// =================================================================================================
// A small PromQL lexer: enough to find comparisons and to catch unbalanced brackets and strings
// =================================================================================================

/** A PromQL token (only the kinds the checks below need are distinguished). */
interface PromqlToken {
  readonly kind: 'number' | 'duration' | 'string' | 'ident' | 'op' | 'open' | 'close';
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Nesting of `{...}` (label matchers) at this token. */
  readonly braceDepth: number;
}

const OPERATORS = ['==', '!=', '>=', '<=', '=~', '!~', '>', '<', '=', '+', '-', '*', '/', '%', '^', ',', '@', ':'];
const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/**
 * Splits a PromQL expression into tokens. Throws an Error (with a message for the user) on an
 * unterminated string or unbalanced brackets; any other character is passed through as an operator
 * (promtool, not this lexer, is the judge of full syntax).
 */
function lexPromql(expr: string): PromqlToken[] {
  const tokens: PromqlToken[] = [];
  const stack: string[] = [];
  let i = 0;
  const push = (kind: PromqlToken['kind'], start: number, end: number) => {
    tokens.push({ kind, text: expr.substring(start, end), start, end, braceDepth: stack.filter((c) => c === '{').length });
  };
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < expr.length && expr[i] !== c) {
        if (expr[i] === '\\' && c !== '`') i++;
        i++;
      }
      if (i >= expr.length) throw new Error(`unterminated string starting at character ${start + 1}`);
      i++;
      push('string', start, i);
    } else if (c in PAIRS) {
      stack.push(c);
      push('open', i, i + 1);
      i++;
    } else if (c === ')' || c === '}' || c === ']') {
      const open = stack.pop();
      if (open === undefined || PAIRS[open] !== c) throw new Error(`unbalanced "${c}" at character ${i + 1}`);
      push('close', i, i + 1);
      i++;
    } else {
      const rest = expr.substring(i);
      const duration = /^(?:\d+(?:ms|[smhdwy]))+(?![A-Za-z0-9_:])/.exec(rest);
      const number = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(rest);
      const ident = /^[A-Za-z_][A-Za-z0-9_:]*/.exec(rest);
      const op = OPERATORS.find((o) => rest.startsWith(o)) ?? c;
      if (duration) push('duration', i, (i += duration[0].length));
      else if (number) push('number', i, (i += number[0].length));
      else if (ident) push('ident', i, (i += ident[0].length));
      else push('op', i, (i += op.length));
    }
  }
  if (stack.length > 0) throw new Error(`unclosed "${stack[stack.length - 1]}"`);
  return tokens;
}

/** Binary operators that end the right operand of a comparison (lower precedence than comparisons). */
const LOWER_PRECEDENCE = new Set(['and', 'or', 'unless']);

/** Where the threshold of an alert expression is, or why it has none. */
export type ThresholdSite =
  | { readonly ok: true; readonly operator: string; readonly value: number; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly reason: string };

/**
 * The threshold of an alert expression: the plain number on the right of its only comparison,
 * which must be `>`, `>=`, `<` or `<=` (optionally with `bool`). Anything else has no well-defined
 * threshold and says why.
 */
export function findThreshold(expr: string): ThresholdSite {
  let tokens: PromqlToken[];
  try {
    tokens = lexPromql(expr);
  } catch (e) {
    return { ok: false, reason: `the expression does not parse (${(e as Error).message})` };
  }
  const comparisons = tokens
    .map((t, index) => ({ t, index }))
    .filter(({ t }) => t.kind === 'op' && t.braceDepth === 0 && ['==', '!=', '>', '<', '>=', '<='].includes(t.text));
  if (comparisons.length === 0) return { ok: false, reason: 'its expression has no comparison' };
  if (comparisons.length > 1) {
    return { ok: false, reason: `its expression has ${comparisons.length} comparisons (${comparisons.map((c) => c.t.text).join(', ')}), so "the threshold" is ambiguous` };
  }
  const { t: op, index } = comparisons[0];
  if (op.text === '==' || op.text === '!=') return { ok: false, reason: `its comparison is an equality test (${op.text}), not a threshold` };
  let j = index + 1;
  if (tokens[j]?.kind === 'ident' && tokens[j].text === 'bool') j++;
  const operand = tokens[j];
  if (operand?.kind !== 'number') return { ok: false, reason: `it compares with a series or an expression, not a plain number (${op.text} ${operand?.text ?? ''})` };
  const after = tokens[j + 1];
  if (after !== undefined && !(after.kind === 'close' && after.text === ')') && !(after.kind === 'ident' && LOWER_PRECEDENCE.has(after.text))) {
    return { ok: false, reason: `the number after ${op.text} is part of a larger expression (${operand.text} ${after.text} ...)` };
  }
  return { ok: true, operator: op.text, value: Number(operand.text), start: operand.start, end: operand.end };
}

/** The expression with its threshold replaced by `value` (the site must come from {@link findThreshold} of `expr`). */
export function replaceThreshold(expr: string, site: Extract<ThresholdSite, { ok: true }>, value: number): string {
  const text = String(value);
  const before = expr.substring(0, site.start);
  // A negative number right after the operator: keep a space so "<-1" cannot read as another token.
  const sep = value < 0 && !/\s$/.test(before) ? ' ' : '';
  return `${before}${sep}${text}${expr.substring(site.end)}`;
}

/** The threshold (or the reason there is none) of every recommended alert, by name. */
export function recommendedAlertThresholds(): Record<RecommendedAlertName, ThresholdSite> {
  const out: Partial<Record<RecommendedAlertName, ThresholdSite>> = {};
  for (const g of RECOMMENDED_ALERT_GROUPS) for (const r of g.rules) out[r.alert as RecommendedAlertName] = findThreshold(r.expression);
  return out as Record<RecommendedAlertName, ThresholdSite>;
}

function checkExpression(path: string, value: unknown): string {
  const s = checkString(path, value);
  if (s.trim() === '') throw new ValidationError(path, value, 'expected a PromQL expression');
  try {
    lexPromql(s);
  } catch (e) {
    throw new ValidationError(path, value, `expected a PromQL expression: ${(e as Error).message}`);
  }
  return s;
}

// =================================================================================================
// Resolution
// =================================================================================================

/** The ARM name of a user rule group: `<name>-<cluster>`, like the product's per-cluster groups. */
export function userRuleGroupName(name: string, clusterName: string): string {
  return `${name}-${clusterName}`;
}

/** `<template>` with `{clusterName}` replaced: the product's group names [MP §5.5]. */
function ruleGroupName(template: string, clusterName: string): string {
  return template.replace('{clusterName}', clusterName);
}

function resolveWorkspace(path: string, value: unknown, cluster: ClusterModel): PrometheusAzureModel['workspace'] {
  if (value === undefined) {
    throw new ValidationError(path, undefined, 'expected the Azure Monitor workspace that receives the metrics ({ resourceId, region })');
  }
  const w = checkProps<AzureMonitorWorkspaceRef>(path, value, ['resourceId', 'region', 'create']);
  if (w.region === undefined) {
    throw new ValidationError(`${path}.region`, undefined, "expected the workspace's Azure region (the rule, endpoint and rule groups are created there)");
  }
  const region = normalizeRegion(`${path}.region`, w.region);
  if (w.create !== undefined) {
    const create = resolveAzureMonitorWorkspaceCreate(path, w, region, cluster);
    return { region, create, ...(create.parsed ? { parsed: create.parsed } : {}) };
  }
  const parsed = w.resourceId !== undefined && !isToken(w.resourceId) ? parseResourceId(`${path}.resourceId`, w.resourceId, 'Microsoft.Monitor/accounts') : undefined;
  return { resourceId: w.resourceId, region, parsed };
}

/** What the rest of the stack knows that the rule groups depend on. */
export interface PrometheusAzureContext {
  /** The `cluster` label (the settings' alias), or undefined/'' for the cluster name. */
  readonly clusterAlias?: string;
  /**
   * The windows-exporter target is scraped (settings): every Windows recording rule reads
   * `job="windows-exporter"`, which only ama-metrics-win-node produces (NOTES-managed-prometheus §2.6).
   * @default cluster.windowsNodes
   */
  readonly windowsExporterScraped?: boolean;
}

function resolveRecordingRules(path: string, value: unknown, cluster: ClusterModel, windowsExporter: boolean): PrometheusAzureModel['recordingRules'] {
  const r = value === undefined ? {} : checkProps<RecordingRulesProps>(path, value, ['linux', 'windows', 'ux']);
  const linux = r.linux === undefined ? true : checkBoolean(`${path}.linux`, r.linux);
  const windows = r.windows === undefined ? cluster.windowsNodes && windowsExporter : checkBoolean(`${path}.windows`, r.windows);
  const ux = r.ux === undefined ? true : checkBoolean(`${path}.ux`, r.ux);
  if (windows && !cluster.windowsNodes) {
    throw new ValidationError(
      `${path}.windows`,
      true,
      'the cluster has no Windows nodes (cluster.nodes.windows), so the Windows rules would record nothing',
      'Set cluster.nodes.windows: true or leave this out.',
    );
  }
  if (windows && !windowsExporter) {
    throw new ValidationError(
      `${path}.windows`,
      true,
      'the Windows rules read job="windows-exporter", which is not scraped on this cluster (settings.targets.windowsexporter is off or the distribution has no Windows metrics agent), so they would record nothing',
      'Turn the windowsexporter target on (AKS with Windows nodes) or leave this out.',
    );
  }
  if (r.ux === true && !linux && !windows) {
    throw new ValidationError(`${path}.ux`, true, 'the UX groups come with the Linux or Windows groups, and both are off; turn one on or leave ux out');
  }
  return { linux, windows, ux };
}

function recordingGroupEnabled(g: RecordingGroupData, rr: PrometheusAzureModel['recordingRules']): boolean {
  const osOn = g.os === 'linux' ? rr.linux : rr.windows;
  return osOn && (!g.ux || rr.ux);
}

function recordingGroups(rr: PrometheusAzureModel['recordingRules'], cluster: ClusterModel): PrometheusRuleGroupModel[] {
  return RECORDING_RULE_GROUPS.filter((g) => recordingGroupEnabled(g, rr)).map((g) => ({
    key: g.key,
    source: 'recording' as const,
    name: ruleGroupName(g.nameTemplate, cluster.name),
    description: g.description,
    interval: g.interval,
    enabled: true,
    rules: g.rules.map((r) => ({ record: r.record, expression: r.expression, ...(r.labels ? { labels: { ...r.labels } } : {}) })),
  }));
}

const OVERRIDE_KEYS = ['enabled', 'severity', 'for', 'threshold', 'autoResolved', 'timeToResolve'] as const;

function applyOverride(path: string, rule: AlertRuleData, value: unknown, actions: PrometheusRuleModel['actions']): PrometheusRuleModel {
  const o = checkProps<RecommendedAlertOverride>(path, value, OVERRIDE_KEYS);
  if (OVERRIDE_KEYS.every((k) => o[k] === undefined)) {
    throw new ValidationError(path, value, `expected at least one of ${OVERRIDE_KEYS.join(', ')}`);
  }
  let expression = rule.expression;
  if (o.threshold !== undefined) {
    if (typeof o.threshold !== 'number' || !Number.isFinite(o.threshold)) {
      throw new ValidationError(`${path}.threshold`, o.threshold, 'expected a finite number');
    }
    const site = findThreshold(rule.expression);
    if (!site.ok) {
      throw new ValidationError(
        `${path}.threshold`,
        o.threshold,
        `${rule.alert} has no single threshold to replace: ${site.reason}`,
        'Turn it off (enabled: false) and add your own version in ruleGroups instead.',
      );
    }
    expression = replaceThreshold(rule.expression, site, o.threshold);
  }
  const autoResolved = o.autoResolved === undefined ? rule.resolveConfiguration.autoResolved : checkBoolean(`${path}.autoResolved`, o.autoResolved);
  if (!autoResolved && o.timeToResolve !== undefined) {
    throw new ValidationError(`${path}.timeToResolve`, o.timeToResolve, 'timeToResolve only applies with autoResolved: true');
  }
  const timeToResolve = o.timeToResolve === undefined ? rule.resolveConfiguration.timeToResolve : checkTimeToResolve(`${path}.timeToResolve`, o.timeToResolve);
  return alertRule(rule, {
    expression,
    for: o.for === undefined ? rule.for : checkFor(`${path}.for`, o.for),
    enabled: o.enabled === undefined ? true : checkBoolean(`${path}.enabled`, o.enabled),
    severity: o.severity === undefined ? rule.severity : checkSeverity(`${path}.severity`, o.severity),
    resolveConfiguration: autoResolved ? { autoResolved: true, timeToResolve } : { autoResolved: false },
  }, actions);
}

/** A recommended alert in the ARM shape (the product's field order: recommendedMetricAlerts.json). */
function alertRule(
  rule: AlertRuleData,
  values: Pick<PrometheusRuleModel, 'expression' | 'for' | 'enabled' | 'severity' | 'resolveConfiguration'>,
  actions: PrometheusRuleModel['actions'],
): PrometheusRuleModel {
  return {
    alert: rule.alert,
    expression: values.expression,
    for: values.for,
    annotations: { ...rule.annotations },
    labels: { ...rule.labels },
    enabled: values.enabled,
    severity: values.severity,
    resolveConfiguration: values.resolveConfiguration,
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
}

const ALERT_GROUP_KEYS: readonly AlertGroupKey[] = ['cluster', 'node', 'pod'];

function resolveRecommendedAlerts(path: string, value: unknown, cluster: ClusterModel): {
  model?: PrometheusAzureModel['recommendedAlerts'];
  groups: PrometheusRuleGroupModel[];
} {
  if (value === undefined) return { groups: [] };
  const p = checkProps<RecommendedAlertsProps>(path, value, ['enabled', 'actionGroupIds', 'groups', 'overrides']);
  if (p.enabled === undefined) throw new ValidationError(`${path}.enabled`, undefined, 'expected true or false');
  const enabled = checkBoolean(`${path}.enabled`, p.enabled);
  if (!enabled) {
    for (const k of ['actionGroupIds', 'groups', 'overrides'] as const) {
      if (p[k] !== undefined) throw new ValidationError(`${path}.${k}`, p[k], 'only applies with enabled: true; remove it or set enabled: true');
    }
    return { groups: [] };
  }
  const g = p.groups === undefined ? {} : checkProps<RecommendedAlertGroups>(`${path}.groups`, p.groups, ALERT_GROUP_KEYS);
  const chosen = ALERT_GROUP_KEYS.filter((k) => (g[k] === undefined ? true : checkBoolean(`${path}.groups.${k}`, g[k])));
  if (chosen.length === 0) {
    throw new ValidationError(`${path}.groups`, p.groups, 'expected at least one group; to create no recommended alerts set enabled: false');
  }
  const actionGroupIds = p.actionGroupIds === undefined ? [] : checkStringList(`${path}.actionGroupIds`, p.actionGroupIds, checkActionGroupId, { caseInsensitiveUnique: true });
  const actions = actionGroupIds.map((actionGroupId) => ({ actionGroupId }));

  const overrides: Record<string, unknown> = p.overrides === undefined ? {} : checkProps<Record<string, unknown>>(`${path}.overrides`, p.overrides, RECOMMENDED_ALERT_NAMES);
  for (const [name, o] of Object.entries(overrides)) {
    if (o === undefined) continue;
    const group = RECOMMENDED_ALERT_GROUPS.find((x) => x.rules.some((r) => r.alert === name))!;
    if (!chosen.includes(group.key)) {
      throw new ValidationError(`${path}.overrides.${name}`, o, `${name} is in the ${group.key} group, which is turned off (groups.${group.key}: false)`);
    }
  }

  const groups = RECOMMENDED_ALERT_GROUPS.filter((x) => chosen.includes(x.key)).map((x) => ({
    key: x.key,
    source: 'recommended-alerts' as const,
    name: ruleGroupName(x.nameTemplate, cluster.name),
    description: x.description,
    interval: x.interval,
    enabled: true,
    rules: x.rules.map((r) => {
      if (overrides[r.alert] !== undefined) return applyOverride(`${path}.overrides.${r.alert}`, r, overrides[r.alert], actions);
      const resolveConfiguration = { ...r.resolveConfiguration };
      return alertRule(r, { expression: r.expression, for: r.for, enabled: true, severity: r.severity, resolveConfiguration }, actions);
    }),
  }));
  return { model: { groups: chosen, actionGroupIds }, groups };
}

function resolveUserRule(path: string, value: unknown): PrometheusRuleModel {
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (kind.record !== undefined && kind.alert !== undefined) {
    throw new ValidationError(path, value, 'expected a recording rule (record) or an alert rule (alert), not both');
  }
  if (kind.record !== undefined) {
    const r = checkProps<UserRecordingRuleProps>(path, value, ['record', 'expression', 'labels', 'enabled']);
    const record = checkString(`${path}.record`, r.record, { pattern: METRIC_NAME, patternText: 'a metric name (letters, digits, "_" and ":", not starting with a digit)' });
    return {
      record,
      expression: checkExpression(`${path}.expression`, r.expression),
      ...(r.labels !== undefined ? { labels: checkStringMap(`${path}.labels`, r.labels, LABELS_RULE, LABELS_PER_RULE, LABEL_VALUE_MAX) } : {}),
      ...(r.enabled !== undefined ? { enabled: checkBoolean(`${path}.enabled`, r.enabled) } : {}),
    };
  }
  if (kind.alert !== undefined) {
    const a = checkProps<UserAlertRuleProps>(path, value, ['alert', 'expression', 'for', 'severity', 'labels', 'annotations', 'resolveConfiguration', 'actions', 'enabled']);
    const alert = checkString(`${path}.alert`, a.alert, { pattern: METRIC_NAME, patternText: 'an alert name (letters, digits, "_" and ":", not starting with a digit)' });
    let resolveConfiguration: PrometheusRuleModel['resolveConfiguration'];
    if (a.resolveConfiguration !== undefined) {
      const rp = `${path}.resolveConfiguration`;
      const rc = checkProps<UserResolveConfigurationProps>(rp, a.resolveConfiguration, ['autoResolved', 'timeToResolve']);
      if (rc.autoResolved === undefined) throw new ValidationError(`${rp}.autoResolved`, undefined, 'expected true or false');
      const autoResolved = checkBoolean(`${rp}.autoResolved`, rc.autoResolved);
      if (autoResolved && rc.timeToResolve === undefined) {
        throw new ValidationError(`${rp}.timeToResolve`, undefined, 'expected how long the condition must be gone before the alert resolves (e.g. "PT10M") with autoResolved: true');
      }
      if (!autoResolved && rc.timeToResolve !== undefined) {
        throw new ValidationError(`${rp}.timeToResolve`, rc.timeToResolve, 'timeToResolve only applies with autoResolved: true');
      }
      resolveConfiguration = autoResolved ? { autoResolved, timeToResolve: checkTimeToResolve(`${rp}.timeToResolve`, rc.timeToResolve) } : { autoResolved };
    }
    let actions: PrometheusRuleModel['actions'];
    if (a.actions !== undefined) {
      if (!Array.isArray(a.actions)) throw new ValidationError(`${path}.actions`, a.actions, 'expected an array of { actionGroupId, actionProperties? }');
      const seen = new Set<string>();
      actions = a.actions.map((x, i) => {
        const ap = `${path}.actions[${i}]`;
        const act = checkProps<UserAlertActionProps>(ap, x, ['actionGroupId', 'actionProperties']);
        const actionGroupId = checkActionGroupId(`${ap}.actionGroupId`, act.actionGroupId);
        if (seen.has(actionGroupId.toLowerCase())) throw new ValidationError(`${ap}.actionGroupId`, actionGroupId, 'expected each action group once per rule');
        seen.add(actionGroupId.toLowerCase());
        return {
          actionGroupId,
          ...(act.actionProperties !== undefined
            ? { actionProperties: checkStringMap(`${ap}.actionProperties`, act.actionProperties, { pattern: /^\S(?:.*\S)?$/, text: 'a property name without leading or trailing spaces' }) }
            : {}),
        };
      });
    }
    return {
      alert,
      expression: checkExpression(`${path}.expression`, a.expression),
      ...(a.for !== undefined ? { for: checkFor(`${path}.for`, a.for) } : {}),
      ...(a.annotations !== undefined ? { annotations: checkStringMap(`${path}.annotations`, a.annotations, ANNOTATIONS_RULE, undefined, LABEL_VALUE_MAX) } : {}),
      ...(a.labels !== undefined ? { labels: checkStringMap(`${path}.labels`, a.labels, LABELS_RULE, LABELS_PER_RULE, LABEL_VALUE_MAX) } : {}),
      ...(a.enabled !== undefined ? { enabled: checkBoolean(`${path}.enabled`, a.enabled) } : {}),
      ...(a.severity !== undefined ? { severity: checkSeverity(`${path}.severity`, a.severity) } : {}),
      ...(resolveConfiguration ? { resolveConfiguration } : {}),
      ...(actions && actions.length > 0 ? { actions } : {}),
    };
  }
  throw new ValidationError(path, value, 'expected a recording rule { record, expression, ... } or an alert rule { alert, expression, ... }');
}

function resolveUserGroups(path: string, value: unknown, taken: Map<string, string>, cluster: ClusterModel): PrometheusRuleGroupModel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ValidationError(path, value, 'expected an array of rule groups ({ name, rules, ... })');
  return value.map((item, i) => {
    const gp = `${path}[${i}]`;
    const g = checkProps<UserRuleGroupProps>(gp, item, ['name', 'interval', 'description', 'enabled', 'rules']);
    const key = checkString(`${gp}.name`, g.name, {
      // the ARM name `<name>-<cluster>` has at most 260 characters
      maxLength: RULE_GROUP_NAME_MAX - cluster.name.length - 1,
      pattern: RULE_GROUP_NAME,
      patternText: 'a rule group name without : @ / # { } % & + * < > ? or control characters, and no space at either end',
    });
    const name = userRuleGroupName(key, cluster.name);
    const clash = taken.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new ValidationError(`${gp}.name`, key, `expected a name no other rule group of the stack has: "${name}" is also the name of ${clash} (Azure names are case-insensitive)`);
    }
    taken.set(name.toLowerCase(), `the group of ${gp}`);
    if (!Array.isArray(g.rules) || g.rules.length === 0) {
      throw new ValidationError(`${gp}.rules`, g.rules, 'expected a non-empty array of rules');
    }
    if (g.rules.length > RULES_PER_GROUP) {
      throw new ValidationError(`${gp}.rules`, `${g.rules.length} rules`, `expected at most ${RULES_PER_GROUP} rules per group (the product's rule-group schema); split the group`);
    }
    return {
      key,
      source: 'user' as const,
      name,
      ...(g.description !== undefined ? { description: checkString(`${gp}.description`, g.description) } : {}),
      interval: g.interval === undefined ? 'PT1M' : checkInterval(`${gp}.interval`, g.interval),
      enabled: g.enabled === undefined ? true : checkBoolean(`${gp}.enabled`, g.enabled),
      rules: g.rules.map((r, j) => resolveUserRule(`${gp}.rules[${j}]`, r)),
    };
  });
}

/** Grafana instance names (the ARM schema's `name` pattern, Microsoft.Dashboard 2025-08-01). */
const GRAFANA_NAME = /^[a-zA-Z][a-z0-9A-Z-]{0,28}[a-z0-9A-Z]$/;
export const GRAFANA_SKUS: readonly GrafanaSku[] = ['Standard', 'Essential'];

/**
 * The Grafana resource to PUT. Where it goes: the stack's ARM template is deployed to the cluster's
 * resource group (render/arm-template.ts), and a top-level resource of the template lands in the
 * deployment's subscription and group. So the Grafana ID must name that subscription and group, or
 * the template would create a second instance of the same name there. Decision: when the cluster ID is
 * not a literal (a template parameter or a deferred value) this cannot be checked, so manageResource
 * is refused rather than trusting where the template will be deployed.
 */
function resolveGrafanaResource(
  path: string,
  value: unknown,
  grafana: ParsedResourceId,
  workspaceId: string,
  cluster: ClusterModel,
): NonNullable<PrometheusAzureModel['grafana']>['resource'] {
  const p = checkProps<GrafanaResourceProps>(path, value, ['location', 'sku', 'otherLinkedWorkspaceIds', 'majorVersion', 'tags']);
  const grafanaPath = path.replace(/\.manageResource$/, '.resourceId');
  const linkHint = 'Leave manageResource out and run the model\'s grafana.linkCommand once (it adds the link without a PUT).';
  if (cluster.resourceGroup === undefined || cluster.subscriptionId === undefined) {
    throw new ValidationError(
      path,
      '(set)',
      'expected a literal cluster.resourceId: the ARM template is deployed to the cluster\'s resource group and the Grafana resource must be in that group, which cannot be checked without it',
      linkHint,
    );
  }
  const sameGroup = grafana.subscriptionId.toLowerCase() === cluster.subscriptionId.toLowerCase()
    && grafana.resourceGroup.toLowerCase() === cluster.resourceGroup.toLowerCase();
  if (!sameGroup) {
    throw new ValidationError(
      grafanaPath,
      `${grafana.subscriptionId}/${grafana.resourceGroup}`,
      `expected a Grafana instance in the cluster's subscription and resource group (${cluster.subscriptionId}/${cluster.resourceGroup}) with manageResource: ` +
        'the ARM template is deployed there, so it would create a second Grafana of this name instead of updating this one',
      linkHint,
    );
  }
  if (!GRAFANA_NAME.test(grafana.name)) {
    throw new ValidationError(grafanaPath, grafana.name, 'expected a Grafana name of 2-30 letters, digits and "-", starting with a letter and ending with a letter or digit');
  }
  const location = normalizeRegion(`${path}.location`, p.location);
  const sku = p.sku === undefined ? 'Standard' : checkEnum(`${path}.sku`, p.sku, GRAFANA_SKUS);
  const majorVersion = p.majorVersion === undefined
    ? undefined
    : checkString(`${path}.majorVersion`, p.majorVersion, { pattern: /^[1-9][0-9]{0,2}$/, patternText: 'a Grafana major version such as "11"' });
  const others = p.otherLinkedWorkspaceIds === undefined
    ? []
    : checkStringList(`${path}.otherLinkedWorkspaceIds`, p.otherLinkedWorkspaceIds, checkOtherWorkspaceId, { caseInsensitiveUnique: true });
  others.forEach((id, i) => {
    if (id.toLowerCase() === workspaceId.toLowerCase()) {
      throw new ValidationError(`${path}.otherLinkedWorkspaceIds[${i}]`, id, 'expected another workspace: this is the stack\'s own workspace, which is always linked first; remove it');
    }
  });
  return {
    location,
    sku,
    ...(majorVersion !== undefined ? { majorVersion } : {}),
    linkedWorkspaceIds: [workspaceId, ...others],
    tags: checkTags(`${path}.tags`, p.tags),
  };
}

/** A linked workspace: a literal `Microsoft.Monitor/accounts` ID (duplicates are found by comparing the text). */
function checkOtherWorkspaceId(path: string, value: unknown): string {
  if (isToken(value)) {
    throw new ValidationError(path, '(deferred value)', 'expected a literal ID: the list is checked for duplicates when the stack is written');
  }
  parseResourceId(path, value, 'Microsoft.Monitor/accounts');
  return value as string;
}

function resolveGrafana(path: string, value: unknown, workspace: PrometheusAzureModel['workspace'], cluster: ClusterModel): PrometheusAzureModel['grafana'] {
  const g = checkProps<GrafanaProps>(path, value, ['resourceId', 'principalId', 'manageResource']);
  if (g.resourceId === undefined) throw new ValidationError(`${path}.resourceId`, undefined, 'expected the ARM resource ID of the Grafana instance');
  if (isToken(g.resourceId)) {
    throw new ValidationError(`${path}.resourceId`, '(deferred value)', 'expected a literal ID: the role assignment\'s name is derived from it and must be known when the stack is written');
  }
  const parsed = parseResourceId(`${path}.resourceId`, g.resourceId, 'Microsoft.Dashboard/grafana');
  if (workspace.create !== undefined && workspace.parsed === undefined) {
    throw new ValidationError(
      path,
      '(set)',
      'the Grafana role assignment is on the created Azure Monitor workspace, whose ID (and so the assignment\'s name) is only known with a literal ' +
        'cluster.resourceId: the workspace is created in the cluster\'s resource group',
      'Give cluster.resourceId as /subscriptions/<id>/resourceGroups/<group>/providers/<cluster type>/<name>, or reference the workspace by resourceId.',
    );
  }
  if (workspace.parsed === undefined) {
    throw new ValidationError(
      `${path}`,
      '(set)',
      'the Grafana role assignment is on the Azure Monitor workspace, so azureMonitorWorkspace.resourceId must be a literal ID (its name is derived from it)',
      'Give azureMonitorWorkspace.resourceId as /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Monitor/accounts/<name>.',
    );
  }
  const principalId = g.principalId === undefined || isToken(g.principalId) ? g.principalId : checkPrincipalId(`${path}.principalId`, g.principalId);
  const w = workspace.parsed;
  const linkCommand = [
    'az grafana integration monitor add',
    `--subscription ${parsed.subscriptionId} --resource-group ${parsed.resourceGroup} --name ${parsed.name}`,
    `--monitor-sub-id ${w.subscriptionId} --monitor-rg-name ${w.resourceGroup} --monitor-name ${w.name}`,
    '--skip-role-assignments true',
  ].join(' ');
  const resource = g.manageResource === undefined
    ? undefined
    : resolveGrafanaResource(`${path}.manageResource`, g.manageResource, parsed, (workspace.create?.resourceId ?? workspace.resourceId)!, cluster);
  return { resourceId: g.resourceId, parsed, principalId, linkCommand, ...(resource ? { resource } : {}) };
}

export const PROMETHEUS_AZURE_PROPS_KEYS = ['azureMonitorWorkspace', 'recordingRules', 'recommendedAlerts', 'ruleGroups', 'grafana', 'tags'] as const;

/**
 * Validates the Azure side of Managed Prometheus for a cluster. `clusterAlias` is the cluster label
 * the agent writes (the settings ConfigMap's normalized `cluster_alias`), when set: rule groups match
 * series by it [MP §5.6]; undefined or `''` means the cluster name. Group names always use the
 * cluster name (`<c>` = last segment of the cluster resource ID, [MP §5.5]).
 */
export function resolvePrometheusAzure(
  path: string,
  props: unknown,
  cluster: ClusterModel,
  context: PrometheusAzureContext = {},
): PrometheusAzureModel {
  const { clusterAlias, windowsExporterScraped = cluster.windowsNodes } = context;
  const p = checkProps<PrometheusAzureProps>(path, props, PROMETHEUS_AZURE_PROPS_KEYS);
  const workspace = resolveWorkspace(`${path}.azureMonitorWorkspace`, p.azureMonitorWorkspace, cluster);
  const recordingRules = resolveRecordingRules(`${path}.recordingRules`, p.recordingRules, cluster, windowsExporterScraped);
  const recommended = resolveRecommendedAlerts(`${path}.recommendedAlerts`, p.recommendedAlerts, cluster);
  const builtIn = [...recordingGroups(recordingRules, cluster), ...recommended.groups];
  const taken = new Map<string, string>(builtIn.map((g) => [g.name.toLowerCase(), `the built-in group ${g.key}`]));
  const userGroups = resolveUserGroups(`${path}.ruleGroups`, p.ruleGroups, taken, cluster);
  return {
    workspace,
    ruleClusterName: clusterAlias === undefined || clusterAlias === '' ? cluster.name : clusterAlias,
    recordingRules,
    ...(recommended.model ? { recommendedAlerts: recommended.model } : {}),
    ruleGroups: [...builtIn, ...userGroups],
    ...(p.grafana !== undefined ? { grafana: resolveGrafana(`${path}.grafana`, p.grafana, workspace, cluster) } : {}),
    tags: checkTags(`${path}.tags`, p.tags),
  };
}
