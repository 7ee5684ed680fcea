package web

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/weerbaar/weerbaar/internal/auth"
)

var pathParam = regexp.MustCompile(`\{([a-zA-Z]+)(\.\.\.)?\}`)

// openapi publishes the API's description, generated from the route table
// so that it cannot drift from what is served.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		if !rt.IsAPI() || rt.Perm == auth.Public {
			continue
		}
		p := strings.TrimPrefix(rt.Path(), "/api/v1")
		p = pathParam.ReplaceAllString(p, "{$1}")
		op := map[string]any{
			"summary":      rt.Summary,
			"operationId":  operationID(rt),
			"security":     []map[string][]string{{"token": {string(rt.Perm)}}},
			"x-permission": string(rt.Perm),
			"responses": map[string]any{
				"200":     map[string]any{"description": "OK", "headers": map[string]any{"API-Version": map[string]any{"$ref": "#/components/headers/API-Version"}}},
				"401":     map[string]any{"$ref": "#/components/responses/Problem"},
				"403":     map[string]any{"$ref": "#/components/responses/Problem"},
				"404":     map[string]any{"$ref": "#/components/responses/Problem"},
				"default": map[string]any{"$ref": "#/components/responses/Problem"},
			},
		}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path(), -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		if rt.Method() == http.MethodGet {
			params = append(params,
				map[string]any{"name": "cursor", "in": "query", "schema": map[string]string{"type": "string"}, "description": "Vervolgpagina; uit het veld 'volgende' van de vorige pagina"},
				map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 500, "default": 50}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method())] = op
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Weerbaar API",
			"version":     APIVersion,
			"description": "API van Weerbaar volgens de NLGov API Design Rules. Tijden in RFC 3339 (UTC); fouten als application/problem+json; paginering met cursor.",
			"license":     map[string]string{"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
			"contact":     map[string]string{"name": "Weerbaar"},
		},
		"servers": []map[string]string{{"url": strings.TrimSuffix(s.cfg.BaseURL, "/") + "/api/v1"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"token": map[string]any{"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token (wbr_…), aan te maken onder Account"}},
			"headers":         map[string]any{"API-Version": map[string]any{"schema": map[string]string{"type": "string", "example": APIVersion}}},
			"responses": map[string]any{"Problem": map[string]any{"description": "Fout", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"type": map[string]string{"type": "string"}, "title": map[string]string{"type": "string"}, "status": map[string]string{"type": "integer"},
					"detail": map[string]string{"type": "string"}, "instance": map[string]string{"type": "string"}, "code": map[string]string{"type": "string"},
					"invalidParams": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
						"name": map[string]string{"type": "string"}, "code": map[string]string{"type": "string"}, "reason": map[string]string{"type": "string"}}}},
				}}}}}},
		},
	}
	return JSON(w, http.StatusOK, doc)
}

func operationID(rt Route) string {
	p := strings.TrimPrefix(rt.Path(), "/api/v1/")
	p = pathParam.ReplaceAllString(p, "by-$1")
	return strings.ToLower(rt.Method()) + "-" + strings.ReplaceAll(p, "/", "-")
}
