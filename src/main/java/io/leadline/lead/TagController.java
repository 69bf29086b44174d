package io.leadline.lead;

import io.leadline.apikey.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tags}: the workspace's tags, for {@code tagId} on leads. */
@RestController
@RequestMapping(path = "/api/v1/tags", produces = MediaType.APPLICATION_JSON_VALUE)
@io.swagger.v3.oas.annotations.tags.Tag(name = "Tags (private API)")
@SecurityRequirement(name = "secretKey")
class TagController {

    record TagView(String id, String name, String color) {
        static TagView of(Tag tag) {
            return new TagView(tag.id(), tag.name(), tag.color());
        }
    }

    private final Tags tags;

    TagController(Tags tags) {
        this.tags = tags;
    }

    @GetMapping
    @Operation(summary = "List the workspace's tags")
    Map<String, List<TagView>> list(Caller caller) {
        return Map.of(
                "data",
                tags.list(caller.workspaceId()).stream().map(TagView::of).toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tag; 409 TAG_EXISTS when the name is taken, LIMIT_REACHED past 500 tags")
    TagView create(Caller caller, @Valid @RequestBody LeadRequests.CreateTag request) {
        return TagView.of(tags.create(caller.workspaceId(), request.name(), request.color()));
    }
}
