module storybot

go 1.26

require go.yaml.in/yaml/v3 v3.0.6

require github.com/kljensen/snowball v0.10.0

require github.com/sashabaranov/go-openai v1.43.0

require (
	github.com/gorilla/websocket v1.5.3
	github.com/slack-go/slack v0.35.0
)
