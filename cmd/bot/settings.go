package main

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The configuration's keys are read here, from the YAML file and from the environment,
// walking config by its yaml tags: one parser per kind of value, so a key reads the same
// from either place, and an error names the key (or the variable) and what it wants,
// never a Go type.

// decodeYAML decodes the YAML document b over c.
func decodeYAML(b []byte, c *config) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil // an empty file, or only comments
	}
	return decodeNode(doc.Content[0], reflect.ValueOf(c).Elem(), "")
}

// decodeNode decodes n into v, the value of key ("" for the whole file).
func decodeNode(n *yaml.Node, v reflect.Value, key string) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if v.Kind() != reflect.Struct {
		if err := setValue(v, n); err != nil {
			return fmt.Errorf("line %d: %s %w", n.Line, key, err)
		}
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // "chat:" with nothing under it
	}
	if n.Kind != yaml.MappingNode {
		what := "the file"
		if key != "" {
			what = key
		}
		return fmt.Errorf("line %d: %s must be a section of keys (key: value lines)", n.Line, what)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		sub := join(key, k.Value)
		f, ok := fieldByKey(v, k.Value)
		if !ok {
			return fmt.Errorf("line %d: unknown key %s", k.Line, sub)
		}
		if err := decodeNode(val, f, sub); err != nil {
			return err
		}
	}
	return nil
}

// setting is one key of the configuration and the value it sets.
type setting struct {
	key string
	v   reflect.Value
}

// settings lists every key of c, in the order of the struct.
func settings(c *config) []setting {
	var out []setting
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := range t.NumField() {
			key := join(prefix, t.Field(i).Tag.Get("yaml"))
			if f := v.Field(i); f.Kind() == reflect.Struct {
				walk(f, key)
			} else {
				out = append(out, setting{key, f})
			}
		}
	}
	walk(reflect.ValueOf(c).Elem(), "")
	return out
}

// envName is the environment variable that sets key: STORYBOT_CHAT_MAX_QUESTION for
// chat.max_question.
func envName(key string) string {
	return "STORYBOT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// applyEnv sets every key whose variable is set and not empty, and returns the keys it set.
// A list is written comma-separated: STORYBOT_DISCORD_GUILD_IDS=123,456.
func applyEnv(c *config, getenv func(string) string) (set map[string]bool, err error) {
	set = map[string]bool{}
	for _, s := range settings(c) {
		name := envName(s.key)
		raw := getenv(name)
		if strings.TrimSpace(raw) == "" {
			continue
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(raw)}
		if s.v.Kind() == reflect.Slice {
			n = &yaml.Node{Kind: yaml.SequenceNode}
			for item := range strings.SplitSeq(raw, ",") {
				if item = strings.TrimSpace(item); item != "" {
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: item})
				}
			}
		}
		if err := setValue(s.v, n); err != nil {
			return nil, fmt.Errorf("%s (%s) %w", name, s.key, err)
		}
		set[s.key] = true
	}
	return set, nil
}

var durationType = reflect.TypeFor[time.Duration]()

// setValue parses n into v, which is a leaf of config. Its error completes a sentence
// that starts with the key: "chat.max_question must be a whole number, not "lots"".
func setValue(v reflect.Value, n *yaml.Node) error {
	if v.Kind() == reflect.Slice {
		return setList(v, n)
	}
	if n.Kind != yaml.ScalarNode {
		return errors.New("must be a single value, not a list or a section")
	}
	null := n.Tag == "!!null"
	s := n.Value
	switch {
	case v.Type() == durationType:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("must be a duration such as 30s, 5m or 1h, not %q", s)
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.String:
		if null {
			s = ""
		}
		v.SetString(s)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("must be true or false, not %q", s)
		}
		v.SetBool(b)
	case v.Kind() == reflect.Int:
		i, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, strconv.IntSize)
		if errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("is %s, too large a number", s)
		}
		if err != nil {
			return fmt.Errorf("must be a whole number, not %q", s)
		}
		v.SetInt(i)
	case v.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if yamlSpecial(s) {
			err = strconv.ErrRange // YAML's .nan and .inf: not numbers a setting can mean
		}
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("must be a number, not %q", s)
		}
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("must be a finite number, not %q", s)
		}
		v.SetFloat(f)
	default:
		// Only reachable by adding a field of a new kind to config; its tests catch it.
		return fmt.Errorf("has a kind of value this version cannot read (%s)", v.Kind())
	}
	return nil
}

// yamlSpecial reports whether s is YAML's way of writing NaN or an infinity.
func yamlSpecial(s string) bool {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".nan", ".inf":
		return true
	}
	return false
}

// setList parses a list of text values into v.
func setList(v reflect.Value, n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return errors.New("must be a list, such as [\"123\", \"456\"]")
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			return errors.New("must be a list of single values")
		}
		out = reflect.Append(out, reflect.ValueOf(item.Value))
	}
	v.Set(out)
	return nil
}

// fieldByKey returns the field of the struct v whose yaml tag is key.
func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("yaml") == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// join appends key to the dotted prefix.
func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
