{{/* Names and labels */}}
{{- define "darkwatch.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "darkwatch.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: include with (dict "root" $ "component" "streams-app") */}}
{{- define "darkwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "darkwatch.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/*
Kafka connection for every container: non-secret client properties through the ConfigMap file
(DARKWATCH_KAFKA_CONFIG_FILE), TLS stores and SASL credentials through DARKWATCH_KAFKA_* variables
(KafkaClientProperties in darkwatch-common maps DARKWATCH_KAFKA_SSL_TRUSTSTORE_LOCATION to
ssl.truststore.location, and so on), their values from Secrets.
*/}}
{{- define "darkwatch.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
{{- if $k.config }}
- name: DARKWATCH_KAFKA_CONFIG_FILE
  value: /etc/darkwatch/kafka/client.properties
{{- end }}
{{- with $k.tls.truststore }}
{{- if .secretName }}
- name: DARKWATCH_KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/darkwatch/kafka/truststore/{{ .file }}
- name: DARKWATCH_KAFKA_SSL_TRUSTSTORE_TYPE
  value: {{ .type | quote }}
{{- if .passwordKey }}
- name: DARKWATCH_KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .secretName }}, key: {{ .passwordKey }}}
{{- end }}
{{- end }}
{{- end }}
{{- with $k.tls.keystore }}
{{- if .secretName }}
- name: DARKWATCH_KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/darkwatch/kafka/keystore/{{ .file }}
- name: DARKWATCH_KAFKA_SSL_KEYSTORE_TYPE
  value: {{ .type | quote }}
{{- if .passwordKey }}
- name: DARKWATCH_KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .secretName }}, key: {{ .passwordKey }}}
{{- end }}
{{- end }}
{{- end }}
{{- if $k.sasl.secretName }}
- name: DARKWATCH_KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ $k.sasl.secretName }}, key: {{ $k.sasl.jaasConfigKey }}}
{{- end }}
{{- with $k.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "darkwatch.kafkaVolumeMounts" -}}
- {name: tmp, mountPath: /tmp}
{{- if .Values.kafka.config }}
- {name: kafka-client-config, mountPath: /etc/darkwatch/kafka/client.properties, subPath: client.properties, readOnly: true}
{{- end }}
{{- if .Values.kafka.tls.truststore.secretName }}
- {name: kafka-truststore, mountPath: /etc/darkwatch/kafka/truststore, readOnly: true}
{{- end }}
{{- if .Values.kafka.tls.keystore.secretName }}
- {name: kafka-keystore, mountPath: /etc/darkwatch/kafka/keystore, readOnly: true}
{{- end }}
{{- end -}}

{{- define "darkwatch.kafkaVolumes" -}}
- name: tmp
  emptyDir: {sizeLimit: {{ .Values.tmpSizeLimit }}}
{{- if .Values.kafka.config }}
- name: kafka-client-config
  configMap: {name: {{ include "darkwatch.fullname" . }}-kafka-client}
{{- end }}
{{- with .Values.kafka.tls.truststore }}
{{- if .secretName }}
- name: kafka-truststore
  secret: {secretName: {{ .secretName }}, items: [{key: {{ .file }}, path: {{ .file }}}]}
{{- end }}
{{- end }}
{{- with .Values.kafka.tls.keystore }}
{{- if .secretName }}
- name: kafka-keystore
  secret: {secretName: {{ .secretName }}, items: [{key: {{ .file }}, path: {{ .file }}}]}
{{- end }}
{{- end }}
{{- end -}}

{{/* Liveness and readiness probes on the container port named metrics */}}
{{- define "darkwatch.probes" -}}
livenessProbe:
  httpGet: {path: /health/live, port: metrics}
  {{- toYaml .Values.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet: {path: /health/ready, port: metrics}
  {{- toYaml .Values.probes.readiness | nindent 2 }}
{{- end -}}
