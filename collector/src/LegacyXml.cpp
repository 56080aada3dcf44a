// The legacy agents' XML protocol: a hardened SAX pass builds a small element tree (no DTD, no
// entities, bounded size, depth, element count and text), then PROLOG/INVENTORY are read from it.
#include "parque/collector/LegacyXml.h"

#include "LegacyXmlTree.h"
#include "parque/inventory/JsonCodec.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/Locator.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>

#include <algorithm>
#include <stdexcept>

namespace parque::collector {
namespace legacy {
namespace {

using Poco::XML::XMLString;

class TreeBuilder : public Poco::XML::DefaultHandler, public Poco::XML::LexicalHandler {
public:
    explicit TreeBuilder(const LegacyXmlLimits& limits) : limits_(limits) {}

    XmlNode takeRoot() { return std::move(root_); }

    // ContentHandler
    void setDocumentLocator(const Poco::XML::Locator* locator) override { locator_ = locator; }
    void startElement(const XMLString& /*uri*/, const XMLString& /*localName*/,
                      const XMLString& qname,
                      const Poco::XML::Attributes& /*attributes*/) override {
        if (++elements_ > limits_.maxElements) {
            fail("more than " + std::to_string(limits_.maxElements) + " elements");
        }
        if (stack_.size() >= limits_.maxDepth) {
            fail("element <" + qname + "> nested deeper than " + std::to_string(limits_.maxDepth) +
                 " levels");
        }
        XmlNode* node = &root_;
        if (!stack_.empty()) {
            node = &stack_.back()->children.emplace_back();
        }
        node->name = qname;
        node->line = line();
        stack_.push_back(node);
    }
    void endElement(const XMLString& /*uri*/, const XMLString& /*localName*/,
                    const XMLString& /*qname*/) override {
        if (!stack_.empty()) {
            stack_.pop_back();
        }
    }
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
        if (stack_.empty() || length <= 0 || start < 0) {
            return;
        }
        std::string& text = stack_.back()->text;
        const auto count = static_cast<std::size_t>(length);
        if (text.size() + count > limits_.maxTextBytes) {
            fail("text of <" + stack_.back()->name + "> exceeds " +
                 std::to_string(limits_.maxTextBytes) + " bytes");
        }
        text.append(ch + start, count);
    }

    // Everything that could pull in a DTD or an entity is refused.
    Poco::XML::InputSource* resolveEntity(const XMLString* /*publicId*/,
                                          const XMLString& systemId) override {
        fail("external entity \"" + systemId + "\" refused");
    }
    void notationDecl(const XMLString& name, const XMLString*, const XMLString*) override {
        fail("notation \"" + name + "\" refused");
    }
    void unparsedEntityDecl(const XMLString& name, const XMLString*, const XMLString&,
                            const XMLString&) override {
        fail("entity \"" + name + "\" refused");
    }
    void skippedEntity(const XMLString& name) override { fail("entity \"" + name + "\" refused"); }
    void startDTD(const XMLString& name, const XMLString&, const XMLString&) override {
        fail("DOCTYPE \"" + name + "\" refused: DTDs are not allowed");
    }
    void endDTD() override {}
    void startEntity(const XMLString&) override {}
    void endEntity(const XMLString&) override {}
    void startCDATA() override {}
    void endCDATA() override {}
    void comment(const Poco::XML::XMLChar[], int, int) override {}

private:
    std::size_t line() const {
        return locator_ != nullptr ? static_cast<std::size_t>(locator_->getLineNumber()) : 0;
    }
    [[noreturn]] void fail(const std::string& problem) const {
        throw LegacyXmlError("XML line " + std::to_string(line()) + ": " + problem);
    }

    const LegacyXmlLimits& limits_;
    const Poco::XML::Locator* locator_ = nullptr;
    XmlNode root_;
    std::vector<XmlNode*> stack_;
    std::size_t elements_ = 0;
};

// Refuses a DOCTYPE before expat sees it: only the XML declaration, processing instructions,
// comments and whitespace may come before the root element.
void refuseDoctype(std::string_view xml) {
    std::size_t pos = xml.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (pos < xml.size()) {
        const std::string_view rest = xml.substr(pos);
        if (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n') {
            ++pos;
        } else if (rest.substr(0, 2) == "<?") {
            const std::size_t end = rest.find("?>");
            pos = end == std::string_view::npos ? xml.size() : pos + end + 2;
        } else if (rest.substr(0, 4) == "<!--") {
            const std::size_t end = rest.find("-->", 4);
            pos = end == std::string_view::npos ? xml.size() : pos + end + 3;
        } else if (rest.substr(0, 2) == "<!") {
            const std::string_view start =
                rest.substr(0, std::min(rest.find_first_of("\r\n["), std::size_t{24}));
            throw LegacyXmlError("XML: DOCTYPE/DTD refused (\"" + std::string(start) + "...\")");
        } else {
            return;
        }
    }
}

// The encoding named in the XML declaration, lower case; empty when none.
std::string declaredEncoding(std::string_view xml) {
    if (xml.substr(0, 5) != "<?xml") {
        return {};
    }
    const std::string_view declaration = xml.substr(0, xml.find("?>"));
    const std::size_t at = declaration.find("encoding");
    if (at == std::string_view::npos) {
        return {};
    }
    const std::size_t open = declaration.find_first_of("\"'", at);
    if (open == std::string_view::npos) {
        return {};
    }
    const std::size_t close = declaration.find(declaration[open], open + 1);
    return lowerAscii(declaration.substr(open + 1, close - open - 1));
}

}  // namespace

const XmlNode* XmlNode::child(std::string_view childName) const {
    for (const XmlNode& c : children) {
        if (c.name == childName) {
            return &c;
        }
    }
    return nullptr;
}

XmlNode parseXmlTree(std::string_view xml, const LegacyXmlLimits& limits) {
    if (xml.size() > limits.maxBytes) {
        throw LegacyXmlError("XML: document of " + std::to_string(xml.size()) +
                             " bytes exceeds the limit of " + std::to_string(limits.maxBytes));
    }
    if (trim(xml).empty()) {
        throw LegacyXmlError("XML: empty document");
    }
    refuseDoctype(xml);
    const std::string encoding = declaredEncoding(xml);
    const std::string text = (encoding.empty() || encoding == "utf-8" || encoding == "utf8")
                                 ? sanitizeUtf8(xml)
                                 : std::string(xml);
    TreeBuilder builder(limits);
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACE_PREFIXES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&builder);
    parser.setDTDHandler(&builder);
    parser.setEntityResolver(&builder);
    parser.setErrorHandler(&builder);
    parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER,
                       static_cast<Poco::XML::LexicalHandler*>(&builder));
    try {
        parser.parseMemoryNP(text.data(), text.size());
    } catch (const Poco::XML::SAXParseException& e) {
        std::string problem = e.message();
        problem.resize(std::min(problem.size(), problem.find(" in line ")));
        throw LegacyXmlError("XML line " + std::to_string(e.getLineNumber()) + " column " +
                             std::to_string(e.getColumnNumber()) + ": " + problem);
    } catch (const Poco::Exception& e) {
        throw LegacyXmlError("XML: " + e.displayText());
    }
    XmlNode root = builder.takeRoot();
    if (root.name.empty()) {
        throw LegacyXmlError("XML: no root element");
    }
    return root;
}

}  // namespace legacy

namespace {

std::string childText(const legacy::XmlNode& node, std::string_view name) {
    const legacy::XmlNode* c = node.child(name);
    return c == nullptr ? std::string() : std::string(legacy::trim(c->text));
}

// <ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>x</KEYVALUE></ACCOUNTINFO> -> "x".
std::string accountTag(const legacy::XmlNode& content) {
    for (const legacy::XmlNode& info : content.children) {
        if (info.name == "ACCOUNTINFO" && childText(info, "KEYNAME") == "TAG") {
            return childText(info, "KEYVALUE");
        }
    }
    return {};
}

inventory::Inventory mapInventory(const legacy::XmlNode& request, const std::string& deviceid) {
    const legacy::XmlNode* content = request.child("CONTENT");
    if (content == nullptr) {
        throw LegacyXmlError("XML line " + std::to_string(request.line) +
                             ": INVENTORY without <CONTENT>");
    }
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set("deviceid", deviceid);
    root->set("action", std::string("inventory"));
    root->set("itemtype", std::string("Computer"));
    root->set("content", legacy::mapContent(*content));
    if (const std::string tag = accountTag(*content); !tag.empty()) {
        root->set("tag", tag);
    }
    try {
        return inventory::decodeInventoryTree(Poco::Dynamic::Var(root));
    } catch (const inventory::DecodeError& e) {
        throw LegacyXmlError(std::string("mapped inventory rejected: ") + e.what());
    }
}

}  // namespace

LegacyMessage parseLegacyMessage(std::string_view xml, const LegacyXmlLimits& limits) {
    const legacy::XmlNode request = legacy::parseXmlTree(xml, limits);
    if (request.name != "REQUEST") {
        throw LegacyXmlError("XML line " + std::to_string(request.line) + ": root element <" +
                             request.name + ">, expected <REQUEST>");
    }
    LegacyMessage message;
    message.query = legacy::upperAscii(childText(request, "QUERY"));
    message.deviceid = childText(request, "DEVICEID");
    if (message.query.empty()) {
        throw LegacyXmlError("XML: <REQUEST> without <QUERY>");
    }
    const bool known = message.query == "PROLOG" || message.query == "INVENTORY";
    if (known && message.deviceid.empty()) {
        throw LegacyXmlError("XML: " + message.query + " without <DEVICEID>");
    }
    if (message.query == "INVENTORY") {
        message.inventory = mapInventory(request, message.deviceid);
    }
    return message;
}

std::string prologReply(int frequencyHours) {
    if (frequencyHours < 1) {
        throw std::invalid_argument("prologReply: frequency must be at least one hour");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REPLY>\n  <PROLOG_FREQ>" +
           std::to_string(frequencyHours) +
           "</PROLOG_FREQ>\n  <RESPONSE>SEND</RESPONSE>\n</REPLY>\n";
}

std::string inventoryReply() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REPLY>\n"
           "  <RESPONSE>no_account_update</RESPONSE>\n</REPLY>\n";
}

}  // namespace parque::collector
