"""`{% cachedfragment key %}…{% endcachedfragment %}`: a piece of template kept in the cache under a key from
`smartregion.freshness.key` (versions of its inputs). An empty key renders the piece without caching."""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from smartregion.freshness import KEEP_SECONDS

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, str(html), KEEP_SECONDS)
        # The piece was rendered by the template engine, which escaped every value in it: it is safe HTML.
        return mark_safe(html)  # noqa: S308


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cachedfragment key %} takes one argument: the key.")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
