{{/* The chart's name, or nameOverride. */}}
{{- define "airlock.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release-scoped name of every object: the release name, suffixed with the chart name unless it holds it. */}}
{{- define "airlock.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "airlock.selectorLabels" -}}
app.kubernetes.io/name: {{ include "airlock.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "airlock.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "airlock.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "airlock.secretName" -}}
{{- if .Values.ca.create }}{{ include "airlock.fullname" . }}-ca{{ else }}{{ required "ca.existingSecret: the Secret with airlock-ca.pem, airlock-ca.key and install.key (README: Deployment / Kubernetes)" .Values.ca.existingSecret }}{{ end }}
{{- end }}

{{/* airlock.yaml: the config block, with listen and admin on every interface at the chart's ports. */}}
{{- define "airlock.config" -}}
{{- if or (hasKey .Values.config "listen") (hasKey .Values.config "admin") }}
{{- fail "config.listen and config.admin are set by the chart: change ports.proxy and ports.admin instead" }}
{{- end }}
{{- $listeners := dict "listen" (printf "0.0.0.0:%d" (int .Values.ports.proxy)) "admin" (printf "0.0.0.0:%d" (int .Values.ports.admin)) }}
{{- toYaml (merge $listeners (deepCopy .Values.config)) }}
{{- end }}

{{/* Both containers: no privilege, no capability, nothing written outside the mounted volumes. */}}
{{- define "airlock.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
