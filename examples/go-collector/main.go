// Command go-collector is a Cockpit collector in Go, written against the contract and the
// committed JSON Schema alone (standard library only).
//
// It reads the answer of `kubectl get deployments --all-namespaces -o json` (saved to a file)
// and publishes, for each deployment labelled with app.kubernetes.io/name and
// app.kubernetes.io/version, a Service, its ServiceDeployment (`<service>/<namespace>`) and a
// `deployment-info` reading, in publish batches of at most 256 KiB:
//
//	go run . --input deployments.json --dry-run        # NDJSON on stdout, one batch per line
//	COCKPIT_URL=http://localhost:7007/api/cockpit COCKPIT_API_TOKEN=... go run . --input deployments.json
package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"unicode"
)

const (
	collectorID   = "k8s-go"
	maxBatchBytes = 256 * 1024
	// The namespace of resource ids (contract section 1): UUIDv5 of type + "\n" + name.
	resourceNamespace = "5b1a8c4e-2f0d-4e7b-9c61-0c0c4b1d2e7a"
)

// ResourceRef names a resource by type and name.
type ResourceRef struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Message is one message of a publish batch: a resource or a reading.
type Message struct {
	Kind        string       `json:"kind"`
	Type        string       `json:"type"`
	Name        string       `json:"name,omitempty"`
	Parent      *ResourceRef `json:"parent,omitempty"`
	StorageMode string       `json:"storageMode,omitempty"`
	Resource    *ResourceRef `json:"resource,omitempty"`
	Value       interface{}  `json:"value,omitempty"`
	CollectedAt string       `json:"collectedAt,omitempty"`
}

// DeploymentInfo is the value of the well-known `deployment-info` reading.
type DeploymentInfo struct {
	Version    string `json:"version"`
	Image      string `json:"image,omitempty"`
	DeployedAt string `json:"deployedAt"`
}

// segment checks one part of a name the way the common package's helpers do: non-empty,
// without surrounding whitespace, without "/".
func segment(kind, value string) (string, error) {
	if value == "" || strings.TrimFunc(value, unicode.IsSpace) != value || strings.Contains(value, "/") {
		return "", fmt.Errorf("%s %q must be non-empty, trimmed and free of \"/\"", kind, value)
	}
	return value, nil
}

// resourceID is the id the store gives a resource (UUIDv5), computed offline.
func resourceID(resourceType, name string) string {
	namespace, _ := parseUUID(resourceNamespace)
	hash := sha1.New()
	hash.Write(namespace)
	hash.Write([]byte(resourceType + "\n" + name))
	sum := hash.Sum(nil)[:16]
	sum[6] = (sum[6] & 0x0f) | 0x50
	sum[8] = (sum[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

func parseUUID(text string) ([]byte, error) {
	var out []byte
	_, err := fmt.Sscanf(strings.ReplaceAll(text, "-", ""), "%x", &out)
	return out, err
}

type kubeList struct {
	Items []struct {
		Metadata struct {
			Name              string            `json:"name"`
			Namespace         string            `json:"namespace"`
			Labels            map[string]string `json:"labels"`
			CreationTimestamp string            `json:"creationTimestamp"`
		} `json:"metadata"`
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Image string `json:"image"`
					} `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	} `json:"items"`
}

// collect turns the kubectl answer into messages; deployments without the labels are skipped.
func collect(list kubeList, stderr io.Writer) ([]Message, error) {
	var messages []Message
	for _, item := range list.Items {
		labels := item.Metadata.Labels
		serviceLabel, version := labels["app.kubernetes.io/name"], labels["app.kubernetes.io/version"]
		if serviceLabel == "" || version == "" {
			fmt.Fprintf(stderr, "skipped %s/%s: no app.kubernetes.io/name or version label\n", item.Metadata.Namespace, item.Metadata.Name)
			continue
		}
		service, err := segment("service", serviceLabel)
		if err != nil {
			return nil, err
		}
		environment, err := segment("environment", item.Metadata.Namespace)
		if err != nil {
			return nil, err
		}
		serviceRef := ResourceRef{Type: "Service", Name: service}
		deploymentRef := ResourceRef{Type: "ServiceDeployment", Name: service + "/" + environment}
		info := DeploymentInfo{Version: version, DeployedAt: item.Metadata.CreationTimestamp}
		if containers := item.Spec.Template.Spec.Containers; len(containers) > 0 {
			info.Image = containers[0].Image
		}
		messages = append(messages,
			Message{Kind: "resource", Type: serviceRef.Type, Name: serviceRef.Name},
			Message{Kind: "resource", Type: deploymentRef.Type, Name: deploymentRef.Name, Parent: &serviceRef},
			Message{Kind: "reading", Type: "deployment-info", StorageMode: "SNAPSHOT", Resource: &deploymentRef, Value: info},
		)
	}
	return messages, nil
}

// marshal writes JSON without HTML escaping; encoding/json refuses NaN and infinities.
func marshal(value interface{}) ([]byte, error) {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buffer.Bytes(), "\n"), nil
}

// batches splits messages into publish batch bodies of at most maxBytes bytes (UTF-8, as SNS counts).
func batches(messages []Message, maxBytes int) ([]string, error) {
	prefix := fmt.Sprintf(`{"schemaVersion":1,"collector":%q,"messages":[`, collectorID)
	overhead := len(prefix) + len("]}")
	var out []string
	var current []string
	size := overhead
	for _, message := range messages {
		text, err := marshal(message)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", message.Kind, message.Type, err)
		}
		if overhead+len(text) > maxBytes {
			return nil, fmt.Errorf("%s %q is %d bytes and cannot fit in a batch of %d", message.Kind, message.Type, len(text), maxBytes)
		}
		if len(current) > 0 && size+1+len(text) > maxBytes {
			out = append(out, prefix+strings.Join(current, ",")+"]}")
			current, size = nil, overhead
		}
		if len(current) > 0 {
			size++
		}
		size += len(text)
		current = append(current, string(text))
	}
	if len(current) > 0 {
		out = append(out, prefix+strings.Join(current, ",")+"]}")
	}
	return out, nil
}

func publish(body string) error {
	url := strings.TrimRight(envOr("COCKPIT_URL", "http://localhost:7007/api/cockpit"), "/") + "/ingest"
	request, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	request.Header.Set("content-type", "application/json")
	if token := os.Getenv("COCKPIT_API_TOKEN"); token != "" {
		request.Header.Set("authorization", "Bearer "+token)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	var outcome struct {
		Rejected int `json:"rejected"`
	}
	if err := json.NewDecoder(response.Body).Decode(&outcome); err != nil {
		return fmt.Errorf("POST %s answered %s", url, response.Status)
	}
	if response.StatusCode >= 300 || outcome.Rejected > 0 {
		return fmt.Errorf("POST %s answered %s with %d messages rejected", url, response.Status, outcome.Rejected)
	}
	return nil
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func run() error {
	input := flag.String("input", "", "the answer of kubectl get deployments -o json")
	dryRun := flag.Bool("dry-run", false, "print the batches as NDJSON instead of publishing")
	ids := flag.Bool("ids", false, "print the id of each resource and exit")
	flag.Parse()
	if *input == "" {
		return errors.New("--input is required")
	}
	data, err := os.ReadFile(*input)
	if err != nil {
		return err
	}
	var list kubeList
	if err := json.Unmarshal(data, &list); err != nil {
		return fmt.Errorf("%s: %w", *input, err)
	}
	messages, err := collect(list, os.Stderr)
	if err != nil {
		return err
	}
	if *ids {
		for _, m := range messages {
			if m.Kind == "resource" {
				fmt.Printf("%s  %s  %s\n", resourceID(m.Type, m.Name), m.Type, m.Name)
			}
		}
		return nil
	}
	bodies, err := batches(messages, maxBatchBytes)
	if err != nil {
		return err
	}
	for _, body := range bodies {
		if *dryRun {
			fmt.Println(body)
		} else if err := publish(body); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "%d messages in %d batches\n", len(messages), len(bodies))
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "go-collector:", err)
		os.Exit(1)
	}
}
