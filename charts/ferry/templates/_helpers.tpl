{{/*
The chart name, or nameOverride.
*/}}
{{- define "ferry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every resource name: fullnameOverride, or the release name with the chart
name appended unless the release name already contains it.
*/}}
{{- define "ferry.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of every resource but the component.
*/}}
{{- define "ferry.commonLabels" -}}
helm.sh/chart: {{ include "ferry.chart" . }}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ferry
{{- end -}}

{{/*
Labels of Ferry's own resources.
*/}}
{{- define "ferry.labels" -}}
{{ include "ferry.commonLabels" . }}
app.kubernetes.io/component: server
{{- end -}}

{{/*
Labels that select Ferry's pods.
*/}}
{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{/*
Labels that select the chart's Redis pod.
*/}}
{{- define "ferry.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end -}}

{{- define "ferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ferry.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "ferry.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/*
The Secret holding the admin and readonly tokens, or "" when there is none.
*/}}
{{- define "ferry.authSecretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else if or .Values.auth.adminToken .Values.auth.readonlyToken -}}
{{- printf "%s-auth" (include "ferry.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
The Secret holding the webhook secret, or "" when there is none.
*/}}
{{- define "ferry.webhookSecretName" -}}
{{- if .Values.webhook.existingSecret -}}
{{- .Values.webhook.existingSecret -}}
{{- else if .Values.webhook.secret -}}
{{- printf "%s-webhook" (include "ferry.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
"true" when the chart runs its own Redis: asked for, or more than one replica and no
external Redis.
*/}}
{{- define "ferry.redisInternal" -}}
{{- if and (not .Values.redis.url) (not .Values.redis.existingSecret) (or .Values.redis.enabled (gt (int .Values.replicaCount) 1)) -}}
true
{{- end -}}
{{- end -}}

{{/*
Rules of the namespaced Role in the namespaces Ferry syncs into.
*/}}
{{- define "ferry.syncRules" -}}
{{- range .Values.rbac.syncRules }}
- apiGroups: {{ toJson .apiGroups }}
  resources: {{ toJson .resources }}
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}

{{/*
Rules for Ferry's own Application resources.
*/}}
{{- define "ferry.applicationRules" -}}
- apiGroups: ["ferry.dev"]
  resources: ["applications"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["ferry.dev"]
  resources: ["applications/status"]
  verbs: ["get", "update", "patch"]
{{- end -}}
